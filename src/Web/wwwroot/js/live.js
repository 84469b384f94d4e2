// Live brokering events for every page that follows them (docs/events.md).
// FiveSocietiesLive.start({ cursor, onEvent, onStatus }) connects to /hubs/brokering and, on every
// (re)connect, asks /api/v1/events?after=cursor for what it missed. The cursor moves only with
// those pages (never with a push), so a push arriving before a catch-up can never hide an older
// event; an event may therefore be seen twice, and onEvent must tolerate that.
// Pages with [data-live-region] need no script of their own: the region is re-read from the server
// when an event about the page's need (data-live-need) or any event (without it) arrives.
(function () {
    'use strict';

    function start(options) {
        var cursor = Number(options.cursor) || 0;
        var seen = new Set();
        var onStatus = options.onStatus || function () { };
        var connection = new signalR.HubConnectionBuilder()
            .withUrl('/hubs/brokering')
            .withAutomaticReconnect({ nextRetryDelayInMilliseconds: function (ctx) { return Math.min(1000 * (ctx.previousRetryCount + 1), 10000); } })
            .build();

        function apply(e) {
            if (seen.has(e.seq)) return;
            seen.add(e.seq);
            if (seen.size > 5000) seen = new Set(Array.from(seen).slice(-2500));
            options.onEvent(e);
        }

        function catchUp() {
            return fetch('/api/v1/events?after=' + cursor, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
                .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
                .then(function (page) {
                    if (page.reset) { window.location.reload(); return; }
                    page.events.forEach(apply);
                    cursor = Math.max(cursor, page.next);
                    if (page.more) return catchUp();
                });
        }

        function connect() {
            onStatus('connecting');
            connection.start()
                .then(function () { onStatus('live'); return catchUp(); })
                .catch(function () { onStatus('offline'); setTimeout(connect, 3000); });
        }

        connection.on('event', apply);
        connection.onreconnecting(function () { onStatus('reconnecting'); });
        connection.onreconnected(function () { onStatus('live'); catchUp().catch(function () { }); });
        connection.onclose(function () { onStatus('offline'); setTimeout(connect, 3000); });
        connect();
        return connection;
    }

    var statusText = { connecting: '正在连接…', live: '实时更新中', reconnecting: '连接中断，正在重连…', offline: '已断开，稍后自动重连' };

    var lastState = null;

    function showStatus(state) {
        lastState = state;
        var box = document.getElementById('live-status');
        if (!box) return;
        box.textContent = statusText[state] || state;
        box.dataset.state = state;
        box.classList.toggle('text-danger', state === 'offline' || state === 'reconnecting');
    }

    // Countdowns: every [data-deadline] shows the time left (or overdue) in the server's words.
    function countdown(iso) {
        var ms = new Date(iso).getTime() - Date.now();
        var span = Math.abs(ms), days = Math.floor(span / 86400000), hours = Math.floor(span / 3600000) % 24;
        var minutes = Math.max(Math.floor(span / 60000) % 60, span < 60000 ? 1 : 0);
        var prefix = ms >= 0 ? '剩余' : '已超时';
        if (span >= 86400000) return prefix + ' ' + days + ' 天 ' + hours + ' 小时';
        if (span >= 3600000) return prefix + ' ' + hours + ' 小时 ' + minutes + ' 分';
        return prefix + ' ' + minutes + ' 分';
    }

    function tick() {
        document.querySelectorAll('[data-deadline]').forEach(function (el) {
            el.textContent = countdown(el.dataset.deadline);
            if (new Date(el.dataset.deadline).getTime() < Date.now()) el.classList.add('text-danger');
        });
    }

    // Submits a form with fetch and shows the answer in place, so the page keeps its live state.
    function postForm(form, submitter, done) {
        var data = new FormData(form, submitter);
        return fetch(form.action, { method: 'POST', body: data, headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
            .then(function (r) { return r.json().catch(function () { return { ok: r.ok, message: r.ok ? '' : '操作失败，请刷新后重试。' }; }); })
            .then(function (answer) { toast(answer.ok ? (answer.message || '已完成') : (answer.message || '操作失败'), answer.ok); if (done) done(answer); return answer; })
            .catch(function () { toast('网络连接有问题，请稍后再试。', false); });
    }

    function toast(text, ok) {
        var box = document.getElementById('live-toast');
        if (!box) {
            box = document.createElement('div');
            box.id = 'live-toast';
            box.setAttribute('role', 'status');
            box.setAttribute('data-testid', 'live-toast');
            box.className = 'position-fixed bottom-0 start-50 translate-middle-x mb-5 alert py-2 px-3 shadow';
            box.style.zIndex = 1080;
            box.style.maxWidth = '90vw';
            document.body.appendChild(box);
        }
        box.textContent = text;
        box.classList.toggle('alert-success', ok);
        box.classList.toggle('alert-danger', !ok);
        box.hidden = false;
        clearTimeout(box._timer);
        box._timer = setTimeout(function () { box.hidden = true; }, 5000);
    }

    // All live regions of a page follow one connection; an event re-reads the page once and
    // replaces each region with its fresh copy.
    function followRegions(regions) {
        var first = regions[0];
        var need = first.dataset.liveNeed ? Number(first.dataset.liveNeed) : null;
        var timer = null;
        function refresh() {
            fetch(window.location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
                .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
                .then(function (html) {
                    var page = new DOMParser().parseFromString(html, 'text/html');
                    regions.forEach(function (region) {
                        var fresh = page.getElementById(region.id);
                        if (fresh) region.innerHTML = fresh.innerHTML;
                    });
                    if (lastState) showStatus(lastState); // the status line may sit in a region just replaced
                    tick();
                })
                .catch(function () { });
        }
        start({
            cursor: first.dataset.cursor,
            onStatus: showStatus,
            onEvent: function (e) {
                if (need !== null && e.needId !== need) return;
                clearTimeout(timer);
                timer = setTimeout(refresh, 150);
            }
        });
        regions.forEach(function (region) {
            region.addEventListener('submit', function (ev) {
                var form = ev.target;
                if (!form.hasAttribute('data-live-action')) return;
                ev.preventDefault();
                postForm(form, ev.submitter, function () { refresh(); });
            });
        });
    }

    window.FiveSocietiesLive = { start: start, showStatus: showStatus, tick: tick, postForm: postForm, toast: toast };
    document.addEventListener('DOMContentLoaded', function () {
        var regions = Array.from(document.querySelectorAll('[data-live-region]'));
        if (regions.length > 0) followRegions(regions);
        tick();
        setInterval(tick, 15000);
    });
})();
