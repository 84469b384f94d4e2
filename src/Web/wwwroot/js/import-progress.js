// Follows an import job: polls its status and moves the bar until the job is finished, then
// reloads once to show the error table.
(function () {
    var box = document.querySelector('[data-import-progress]');
    if (!box) return;
    // The page's own width: the Content-Security-Policy allows no style attribute in the markup.
    var bar = box.querySelector('[data-field="bar"]');
    bar.style.width = bar.dataset.percent + '%';
    if (box.dataset.finished === 'true') return;
    var names = { Queued: '排队中', Validating: '正在检查', Invalid: '有错误，未导入', Importing: '正在导入', Completed: '已完成', Failed: '失败' };
    function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
    function poll() {
        fetch(box.dataset.statusUrl, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
            .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
            .then(function (s) {
                field('status').textContent = names[s.status] || s.status;
                field('percent').textContent = s.percent;
                field('bar').style.width = s.percent + '%';
                box.querySelector('.progress').setAttribute('aria-valuenow', s.percent);
                ['totalRows', 'validRows', 'created', 'updated', 'unchanged', 'errorCount'].forEach(function (k) { field(k).textContent = s[k]; });
                field('message').textContent = s.message || '';
                if (s.finished) { window.location.reload(); } else { setTimeout(poll, 700); }
            })
            .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 500);
})();
