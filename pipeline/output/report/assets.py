"""The report's one style sheet and one script, inlined in every page (no file, no network to fetch).

The script only sorts and filters the tables already in the page: typing in a filter box hides
the rows that do not contain every typed word (accents and case ignored); clicking a column
heading sorts by it (numbers as numbers), a second click reverses.
"""

STYLE = """
body{font-family:Georgia,serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.55}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
nav a{margin-right:1rem}
.meta{color:#666;font-size:.9rem}.legend span{margin-right:1rem;padding:0 .3rem}
p.heading{font-weight:bold;font-size:1.1rem}p.repeat{color:#999;border-left:3px solid #ddd;padding-left:.6rem}
.mention{background:#d8ecff;border-bottom:2px solid #3b82f6}
.quote{background:#fff3c4}
.speaker-mention{outline:2px solid #ea580c;outline-offset:-1px;font-weight:bold}
.cue{font-style:italic;border-bottom:2px dotted #be123c}
.claim{text-decoration:underline #16a34a 2px}
.date{background:#e9d5ff;border-bottom:2px solid #9333ea}
.anchor:target+span,.anchor:target+span span{background:#fde047}
.changed{background:#fee2e2;border:1px solid #dc2626;padding:.5rem}
table{border-collapse:collapse;font-size:.85rem;width:100%}td,th{border:1px solid #ddd;padding:.25rem .4rem;vertical-align:top;text-align:left}
th{background:#f4f4f4}th.sortable{cursor:pointer}th.sortable:after{content:" \\2195";color:#999}
a{color:#1d4ed8}.speaker{font-weight:bold;white-space:nowrap}
input.filter{width:100%;font-size:1rem;padding:.3rem;margin:.3rem 0;box-sizing:border-box}
.chart{max-width:100%;height:auto}.chart text{font-family:sans-serif;font-size:11px;fill:#444}
.count{color:#666;font-size:.85rem}
"""

SCRIPT = """
(function () {
  function fold(text) {
    return text.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase();
  }
  document.querySelectorAll('input.filter').forEach(function (box) {
    var table = document.getElementById(box.dataset.table);
    var count = document.getElementById(box.dataset.table + '-shown');
    box.addEventListener('input', function () {
      var wanted = fold(box.value).split(/\\s+/).filter(Boolean);
      var shown = 0;
      table.querySelectorAll('tbody tr').forEach(function (row) {
        var text = fold(row.textContent);
        var keep = wanted.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      if (count) { count.textContent = shown; }
    });
  });
  document.querySelectorAll('th.sortable').forEach(function (heading) {
    heading.addEventListener('click', function () {
      var table = heading.closest('table');
      var body = table.querySelector('tbody');
      var column = Array.prototype.indexOf.call(heading.parentNode.children, heading);
      var ascending = heading.dataset.order !== 'asc';
      heading.parentNode.querySelectorAll('th').forEach(function (th) { delete th.dataset.order; });
      heading.dataset.order = ascending ? 'asc' : 'desc';
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
        var nx = parseFloat(x), ny = parseFloat(y);
        var order = (!isNaN(nx) && !isNaN(ny) && String(nx) === x && String(ny) === y)
          ? nx - ny : fold(x).localeCompare(fold(y));
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();
"""
