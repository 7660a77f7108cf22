// Draws the cockpit's charts from the JSON the page embeds; the tables beside them carry the
// same figures, so the page still reads without JavaScript.
(function () {
  if (typeof Chart === "undefined") return;
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var stateColours = {
    planned: "#9aa5b1", under_construction: "#1d5fa7", inspected: "#7b4fa0",
    rectifying: "#d4a017", passed: "#2e8b57", distinctive: "#a61b29"
  };
  var states = data("data-states");
  var statesCanvas = document.getElementById("chart-states");
  if (states && statesCanvas) {
    new Chart(statesCanvas, {
      type: "bar",
      data: {
        labels: states.map(function (s) { return s.label; }),
        datasets: [{ data: states.map(function (s) { return s.count; }),
                     backgroundColor: states.map(function (s) { return stateColours[s.value]; }) }]
      },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var departments = data("data-departments");
  var deptCanvas = document.getElementById("chart-departments");
  if (departments && departments.length && deptCanvas) {
    new Chart(deptCanvas, {
      type: "bar",
      data: {
        labels: departments.map(function (d) { return d.name; }),
        datasets: [
          { label: "红灯", data: departments.map(function (d) { return d.red; }), backgroundColor: "#c0392b" },
          { label: "黄灯", data: departments.map(function (d) { return d.yellow; }), backgroundColor: "#d4a017" },
          { label: "绿灯", data: departments.map(function (d) { return d.green; }), backgroundColor: "#2e8b57" }
        ]
      },
      options: { animation: false, maintainAspectRatio: false,
                 scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var areas = data("data-areas");
  var tracks = data("data-tracks");
  var areasCanvas = document.getElementById("chart-areas");
  if (areas && tracks && areasCanvas) {
    var trackColours = ["#1d5fa7", "#a61b29", "#9aa5b1"];
    new Chart(areasCanvas, {
      type: "bar",
      data: {
        labels: areas.map(function (a) { return a.label; }),
        datasets: tracks.map(function (t, i) {
          return { label: t.label, backgroundColor: trackColours[i % trackColours.length],
                   data: areas.map(function (a) { return a.tracks[i]; }) };
        })
      },
      options: { animation: false, maintainAspectRatio: false, indexAxis: "y",
                 scales: { x: { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } } } }
    });
  }
})();
