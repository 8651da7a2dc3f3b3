// Copies the front-end libraries from node_modules into static/vendor/ (committed).
// Entries marked optional (licence files, source maps) are skipped when the package lacks them.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/css/bootstrap.min.css.map": "bootstrap/bootstrap.min.css.map",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "bootstrap/dist/js/bootstrap.bundle.min.js.map": "bootstrap/bootstrap.bundle.min.js.map",
  "bootstrap/LICENSE": "bootstrap/LICENSE",
  // Accessibility checks of the browser tests; not served by the site.
  "axe-core/axe.min.js": { to: "tests/e2e/vendor/axe.min.js", base: "." },
  "axe-core/LICENSE": { to: "tests/e2e/vendor/axe-LICENSE", base: ".", optional: true },
};
for (const [from, spec] of Object.entries(files)) {
  const { to, optional, base } = typeof spec === "string" ? { to: spec, optional: false } : spec;
  const source = path.join(root, "node_modules", from);
  if (optional && !fs.existsSync(source)) {
    console.log(`(skipped, not in package) node_modules/${from}`);
    continue;
  }
  const target = path.join(root, base || "static/vendor", to);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
  console.log(path.relative(root, target));
}
