// The dashboard's charts (Apache ECharts): every bar, slice and tile opens the cases behind it.
(function () {
  "use strict";
  const PALETTE = ["#8b1a1a", "#c0504d", "#e6a700", "#2e9d4f", "#1f77b4", "#6f42c1", "#20c997", "#fd7e14", "#6c757d"];

  function option(chart) {
    const data = chart.labels.map((label, i) => ({ name: label, value: chart.values[i] }));
    if (chart.kind === "pie") {
      return { color: PALETTE, tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["35%", "70%"], data: data, label: { formatter: "{b}: {c}" } }] };
    }
    if (chart.kind === "treemap") {
      const max = Math.max(1, ...chart.values);
      return { tooltip: {},
        visualMap: { show: false, min: 0, max: max, inRange: { color: ["#fde0dd", "#fa9fb5", "#c51b8a"] } },
        series: [{ type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
          label: { formatter: "{b}\n{c}" }, data: data }] };
    }
    const horizontal = chart.kind === "bar";
    const categoryAxis = { type: "category", data: chart.labels, axisLabel: { interval: 0, fontSize: 11 } };
    const valueAxis = { type: "value", minInterval: 1 };
    if (horizontal) categoryAxis.inverse = true;
    return { color: PALETTE, tooltip: { trigger: "axis" },
      grid: { left: horizontal ? 140 : 40, right: 16, top: 16, bottom: 40 },
      xAxis: horizontal ? valueAxis : Object.assign(categoryAxis, { axisLabel: { fontSize: 11 } }),
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [{ type: chart.kind === "line" ? "line" : "bar", data: chart.values, smooth: true,
        areaStyle: chart.kind === "line" ? {} : undefined }] };
  }

  function draw() {
    const source = document.getElementById("xf-charts");
    if (!source || !window.echarts) return;
    const charts = JSON.parse(source.textContent);
    const instances = [];
    charts.forEach(function (chart) {
      const element = document.getElementById("chart-" + chart.id);
      if (!element) return;
      const instance = window.echarts.init(element);
      instance.setOption(option(chart));
      instance.on("click", function (event) {
        const link = chart.links[event.dataIndex];
        if (link) window.location.href = link;
      });
      instances.push(instance);
    });
    window.addEventListener("resize", function () { instances.forEach((i) => i.resize()); });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
