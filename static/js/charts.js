// Replaces the server-drawn SVG of each chart by a Chart.js canvas drawn from the same numbers.
// Markup (templates/assessments/partials/chart.html):
//   <figure class="chart" data-chart="ID"><svg role="img">…</svg><script type="application/json" id="ID">…</script></figure>
// The SVG stays visible whenever something is missing or fails (no Chart.js, bad JSON, an error
// while drawing). Plain ES5, no eval, no inline styles: works under a strict Content-Security-Policy.
(function () {
  "use strict";

  // Okabe–Ito: distinguishable with the common colour vision deficiencies.
  var PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  // Datasets after the first get a dash pattern and a point shape of their own, so that the
  // lines stay apart when printed in black and white.
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [12, 6], [4, 2, 1, 2], [1, 2], [8, 2]];
  var POINTS = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "cross", "line"];
  var BAND_COLOUR = "rgba(86, 180, 233, 0.25)"; // #56B4E9, light
  var KINDS = { radar: true, bars: true, stacked: true, trend: true };

  function pick(list, index) {
    return list[index % list.length];
  }

  function colour(index) {
    return pick(PALETTE, index);
  }

  function translucent(hex, alpha) {
    var value = parseInt(hex.slice(1), 16);
    return "rgba(" + ((value >> 16) & 255) + ", " + ((value >> 8) & 255) + ", " + (value & 255) + ", " + alpha + ")";
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function isArray(value) {
    return Object.prototype.toString.call(value) === "[object Array]";
  }

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  // Throws unless the JSON has the shape the server promises; the SVG then stays.
  function validate(data) {
    if (!data || typeof data !== "object" || !KINDS[data.kind]) throw new Error("unknown chart kind");
    if (!isArray(data.labels) || !isArray(data.datasets) || !data.datasets.length) throw new Error("no data");
    data.datasets.forEach(function (dataset) {
      if (!dataset || !isArray(dataset.data)) throw new Error("dataset without data");
    });
    return data;
  }

  function readData(figure) {
    var id = figure.getAttribute("data-chart");
    var script = id ? document.getElementById(id) : null;
    if (!script || !figure.contains(script)) script = figure.querySelector('script[type="application/json"]');
    if (!script) throw new Error("no chart data");
    return validate(JSON.parse(script.textContent));
  }

  function maxOf(data) {
    return typeof data.max === "number" && data.max > 0 ? data.max : 4;
  }

  function tickLabelsOf(data) {
    return isArray(data.tickLabels) && data.tickLabels.length ? data.tickLabels : null;
  }

  function integer(value) {
    return typeof value === "number" && Math.floor(value) === value;
  }

  // A value axis 0..max in whole steps, labelled with the level names when the server gives them.
  function levelScale(data) {
    var names = tickLabelsOf(data);
    return {
      min: 0,
      max: maxOf(data),
      ticks: {
        stepSize: 1,
        callback: function (value) {
          if (names && integer(value) && names[value] !== undefined && names[value] !== null) return names[value];
          return value;
        },
      },
    };
  }

  // "Team A: 2.5 (Defined)" when the value is a named level.
  function tooltipLabel(data) {
    var names = tickLabelsOf(data);
    return function (item) {
      var value = item.raw;
      var text = (item.dataset.label ? item.dataset.label + ": " : "") + value;
      if (names && integer(value) && names[value]) text += " (" + names[value] + ")";
      return text;
    };
  }

  function lineDataset(dataset, index, filled) {
    var hex = colour(index);
    return {
      label: dataset.label,
      data: dataset.data,
      borderColor: hex,
      // Light fill even when the area is not filled: it is the legend box behind the dashed outline.
      backgroundColor: translucent(hex, 0.2),
      pointBackgroundColor: hex,
      pointBorderColor: hex,
      pointStyle: pick(POINTS, index),
      pointRadius: 3,
      borderWidth: 2,
      borderDash: index === 0 ? [] : pick(DASHES, index),
      fill: filled,
      order: 0,
    };
  }

  function barDataset(dataset, index) {
    var hex = colour(index);
    return {
      label: dataset.label,
      data: dataset.data,
      backgroundColor: hex,
      borderColor: hex,
      borderWidth: 1,
    };
  }

  function notBand(datasets) {
    return function (index) {
      return !(datasets[index] && datasets[index].isBand);
    };
  }

  var builders = {
    radar: function (data) {
      return {
        type: "radar",
        data: {
          labels: data.labels,
          datasets: data.datasets.map(function (dataset, index) {
            return lineDataset(dataset, index, index === 0);
          }),
        },
        options: {
          scales: { r: { min: 0, max: maxOf(data), beginAtZero: true, ticks: { stepSize: 1 } } },
          plugins: { tooltip: { callbacks: { label: tooltipLabel(data) } } },
        },
      };
    },

    bars: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: data.datasets.map(barDataset) },
        options: {
          indexAxis: "y",
          scales: { x: levelScale(data) },
          plugins: { tooltip: { callbacks: { label: tooltipLabel(data) } } },
        },
      };
    },

    stacked: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: data.datasets.map(barDataset) },
        options: {
          indexAxis: "y",
          scales: {
            x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
            y: { stacked: true },
          },
        },
      };
    },

    trend: function (data) {
      var datasets = data.datasets.map(function (dataset, index) {
        return lineDataset(dataset, index, false);
      });
      if (isArray(data.band) && data.band.length) {
        var low = [];
        var high = [];
        data.band.forEach(function (pair) {
          var ok = isArray(pair) && typeof pair[0] === "number" && typeof pair[1] === "number";
          low.push(ok ? pair[0] : null);
          high.push(ok ? pair[1] : null);
        });
        // Two invisible lines; the upper one is filled down to the lower one ("-1").
        // Drawn beneath the series (higher order) and kept out of the legend and tooltips.
        [low, high].forEach(function (values, index) {
          datasets.push({
            label: "",
            data: values,
            isBand: true,
            borderWidth: 0,
            borderColor: BAND_COLOUR,
            backgroundColor: BAND_COLOUR,
            pointRadius: 0,
            pointHoverRadius: 0,
            pointHitRadius: 0,
            fill: index === 0 ? false : "-1",
            order: 1,
          });
        });
      }
      var keep = notBand(datasets);
      return {
        type: "line",
        data: { labels: data.labels, datasets: datasets },
        options: {
          scales: { y: levelScale(data) },
          interaction: { mode: "index", intersect: false },
          plugins: {
            legend: {
              labels: {
                filter: function (item) {
                  return keep(item.datasetIndex);
                },
              },
            },
            tooltip: {
              filter: function (item) {
                return keep(item.datasetIndex);
              },
              callbacks: { label: tooltipLabel(data) },
            },
          },
        },
      };
    },
  };

  // Keep the proportions of the server's SVG (its viewBox) so the page does not jump.
  function aspectRatio(svg, data) {
    var box = svg && svg.viewBox && svg.viewBox.baseVal;
    if (box && box.width > 0 && box.height > 0) return box.width / box.height;
    if (data.kind === "radar") return 1;
    if (data.kind === "trend") return 2;
    return Math.max(1, Math.min(3, 600 / (60 + data.labels.length * (data.datasets.length > 1 && data.kind === "bars" ? 40 : 30))));
  }

  function config(data, figure, svg) {
    var result = builders[data.kind](data);
    var options = result.options;
    options.responsive = true;
    options.maintainAspectRatio = true;
    options.aspectRatio = aspectRatio(svg, data);
    if (reducedMotion()) options.animation = false;
    var text = window.getComputedStyle ? window.getComputedStyle(figure).color : "";
    if (text) options.color = text;
    options.plugins = options.plugins || {};
    options.plugins.legend = options.plugins.legend || {};
    options.plugins.legend.display = data.datasets.length > 1 || data.kind === "stacked";
    options.plugins.legend.position = "bottom";
    return result;
  }

  // A figure is done when its canvas holds a live chart. htmx's history snapshots keep the
  // canvas and the hidden SVG but not the drawing: such leftovers are removed and redrawn.
  function drawn(figure) {
    var holder = figure.querySelector(".chart-canvas");
    if (!holder) return false;
    var canvas = holder.querySelector("canvas");
    if (canvas && window.Chart.getChart && window.Chart.getChart(canvas)) return true;
    holder.parentNode.removeChild(holder);
    toArray(figure.querySelectorAll("svg.d-none")).forEach(function (svg) {
      svg.classList.remove("d-none");
    });
    return false;
  }

  function draw(figure) {
    if (drawn(figure)) return;
    var svg = figure.querySelector("svg");
    var holder = null;
    var chart = null;
    try {
      var data = readData(figure);
      holder = document.createElement("div");
      holder.className = "chart-canvas position-relative";
      var canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", data.title || "");
      canvas.textContent = data.title || "";
      holder.appendChild(canvas);
      figure.insertBefore(holder, svg ? svg.nextSibling : figure.firstChild);
      chart = new window.Chart(canvas, config(data, figure, svg));
      if (svg) svg.classList.add("d-none");
    } catch (error) {
      if (chart) {
        try { chart.destroy(); } catch (ignored) { /* the SVG is what matters */ }
      }
      if (holder && holder.parentNode) holder.parentNode.removeChild(holder);
      if (svg) svg.classList.remove("d-none");
      if (window.console && console.warn) console.warn("Chart left as SVG:", figure.getAttribute("data-chart"), error);
    }
  }

  function drawAll(root) {
    if (!window.Chart) return;
    var scope = root && root.querySelectorAll ? root : document;
    var figures = toArray(scope.querySelectorAll("figure.chart"));
    if (scope.matches && scope.matches("figure.chart")) figures.unshift(scope);
    figures.forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
  // Swapped content: the swap target may be replaced (outerHTML), so look through the whole
  // page; figures that already hold a chart are skipped.
  document.addEventListener("htmx:afterSwap", function () { drawAll(document); });
  document.addEventListener("htmx:historyRestore", function () { drawAll(document); });
})();
