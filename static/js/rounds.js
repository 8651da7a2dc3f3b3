// Opening a round: "Select all" ticks or clears every team; ticking a team chooses "the teams
// chosen below". Without JavaScript the form works the same, with "All active teams" instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-select-all]");
  var all = document.getElementById("select-all-teams");
  if (!box || !all) return;
  var teams = Array.prototype.slice.call(document.querySelectorAll('input[name="teams"]'));
  var chosen = document.querySelector('input[name="which_teams"][value="chosen"]');
  if (!teams.length) return;
  box.hidden = false;

  function sync() {
    var ticked = teams.filter(function (team) { return team.checked; }).length;
    all.checked = ticked === teams.length;
    all.indeterminate = ticked > 0 && ticked < teams.length;
  }

  all.addEventListener("change", function () {
    teams.forEach(function (team) { team.checked = all.checked; });
    if (chosen && all.checked) chosen.checked = true;
  });
  teams.forEach(function (team) {
    team.addEventListener("change", function () {
      if (chosen && team.checked) chosen.checked = true;
      sync();
    });
  });
  sync();
})();
