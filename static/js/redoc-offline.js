// Redoc's sidebar shows Redocly's logo from their CDN, an address written into the bundle
// with no option to leave it out. The API documentation loads nothing from another host (and
// the Content-Security-Policy would refuse it): the logo's image gets an empty address
// instead, fails, and Redoc leaves it out; the "API docs by Redocly" link stays.
// Loaded before redoc.standalone.js.
(function () {
  "use strict";
  var CDN = "https://cdn.redoc.ly/";

  function local(value) {
    return String(value).indexOf(CDN) === 0 ? "data:," : value;
  }

  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) {
      src.set.call(this, local(value));
    },
  });

  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src") {
      value = local(value);
    }
    return setAttribute.call(this, name, value);
  };
})();
