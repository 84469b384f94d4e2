// Follows a rebuild of the matching index: moves the bar while it runs, reloads once it is done.
(function () {
    var box = document.querySelector('[data-index-rebuild]');
    if (!box) return;
    var bar = box.querySelector('[data-field="bar"]');
    bar.style.width = bar.dataset.percent + '%'; // no style attribute in the markup (Content-Security-Policy)
    var text = box.querySelector('p');
    function poll() {
        fetch(box.dataset.statusUrl, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
            .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
            .then(function (s) {
                if (!s.rebuilding) { window.location.reload(); return; }
                var percent = s.rebuilding.total > 0 ? Math.floor(s.rebuilding.written * 100 / s.rebuilding.total) : 0;
                bar.style.width = percent + '%';
                box.querySelector('.progress').setAttribute('aria-valuenow', percent);
                text.textContent = text.textContent.replace(/\d+ \/ \d+/, s.rebuilding.written + ' / ' + s.rebuilding.total);
                setTimeout(poll, 700);
            })
            .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 500);
})();
