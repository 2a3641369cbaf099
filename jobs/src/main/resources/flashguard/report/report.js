// Draws every chart of the page from its JSON data block with the inlined Apache ECharts (SVG
// renderer: crisp when printed). Data blocks are parsed as JSON, never evaluated.
(function () {
  'use strict';
  var charts = [];
  document.querySelectorAll('[data-chart]').forEach(function (element) {
    var data = document.getElementById('data-' + element.getAttribute('data-chart'));
    var chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption(JSON.parse(data.textContent));
    element.setAttribute('data-rendered', 'true');
    charts.push(chart);
  });
  function resize() { charts.forEach(function (chart) { chart.resize(); }); }
  window.addEventListener('resize', resize);
  // on paper every folded reason is shown
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) { details.open = true; });
    resize();
  });
  window.addEventListener('afterprint', resize);
}());
