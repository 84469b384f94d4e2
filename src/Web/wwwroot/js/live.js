// Live brokering for every page that follows it (docs/events.md).
//
// FiveSocietiesLive.start({ cursor, onEvent }) connects to /hubs/brokering and catches up through
// /api/v1/events?after=cursor on every (re)connect and once a minute. The cursor moves only with
// those pages, never with a push, so a push arriving before a catch-up can never hide an older
// event; onEvent may therefore see an event twice and must tolerate it.
//
// A page with [data-live-page] (data-cursor, data-live-need, data-live-url) needs no script of its
// own: its [data-live-region] elements are re-read from data-live-url when an event about its need
// (or any event, without data-live-need) arrives — but not while the user is filling in a form there.
//
// Forms with [data-live-action] are posted with fetch (Accept: application/json) and answered with a
// toast; pages add what follows with FiveSocietiesLive.afterSubmit(fn).
//
// Background requests carry "X-Live: 1" so they do not renew the 30-minute idle sign-out.
(function () {
    'use strict';

    var liveHeaders = { 'X-Live': '1' };
    var statusText = { connecting: '正在连接…', live: '实时更新中', reconnecting: '连接中断，正在重连…', offline: '已断开，稍后自动重连' };
    // The server's clock minus the browser's (a phone's clock may be off): countdowns use the server's time.
    var skew = document.body.dataset.now ? Number(document.body.dataset.now) - Date.now() : 0;
    var submitted = [];

    function signedOut() {
        window.location.assign('/Account/Login?ReturnUrl=' + encodeURIComponent(window.location.pathname + window.location.search));
        return Promise.reject('signed out');
    }

    // An HTML fragment or page; null for 404 (gone, or outside the caller's scope). A redirect means
    // the session ended: the browser goes to the login page instead of showing it in a card.
    function getHtml(url) {
        return fetch(url, { credentials: 'same-origin', headers: Object.assign({ 'Accept': 'text/html' }, liveHeaders) })
            .then(function (r) {
                if (r.redirected) return signedOut();
                if (r.status === 404) return null;
                return r.ok ? r.text() : Promise.reject(r.status);
            });
    }

    function getJson(url) {
        return fetch(url, { credentials: 'same-origin', headers: Object.assign({ 'Accept': 'application/json' }, liveHeaders) })
            .then(function (r) {
                if (r.status === 401 || r.redirected) return signedOut();
                return r.ok ? r.json() : Promise.reject(r.status);
            });
    }

    function start(options) {
        var cursor = Number(options.cursor) || 0;
        var seen = new Set();
        var running = null;
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
            return getJson('/api/v1/events?after=' + cursor).then(function (page) {
                if (page.reset) { window.location.assign(options.reloadUrl || window.location.href); return; }
                page.events.forEach(apply);
                cursor = Math.max(cursor, page.next);
                if (page.more) return catchUp();
            });
        }

        // One catch-up at a time; a failed one is tried again until it succeeds.
        function catchUpSoon() {
            if (running) return;
            running = catchUp()
                .catch(function () { setTimeout(catchUpSoon, 5000); })
                .then(function () { running = null; }, function () { running = null; });
        }

        function connect() {
            showStatus('connecting');
            connection.start().then(
                function () { showStatus('live'); catchUpSoon(); },
                function () { showStatus('offline'); setTimeout(connect, 3000); });
        }

        connection.on('event', apply);
        connection.onreconnecting(function () { showStatus('reconnecting'); });
        connection.onreconnected(function () { showStatus('live'); catchUpSoon(); });
        connection.onclose(function () { showStatus('offline'); setTimeout(connect, 3000); });
        // A cheap look once a minute keeps the cursor near the present, so a reconnect replays little.
        setInterval(function () { if (connection.state === signalR.HubConnectionState.Connected) catchUpSoon(); }, 60000);
        connect();
        return connection;
    }

    function showStatus(state) {
        var box = document.getElementById('live-status');
        if (!box) return;
        box.textContent = statusText[state] || state;
        box.dataset.state = state;
        box.classList.toggle('text-danger', state === 'offline' || state === 'reconnecting');
    }

    function countdown(deadline) {
        var ms = deadline - (Date.now() + skew);
        var span = Math.abs(ms), days = Math.floor(span / 86400000), hours = Math.floor(span / 3600000) % 24;
        var minutes = Math.max(Math.floor(span / 60000) % 60, span < 60000 ? 1 : 0);
        var prefix = ms >= 0 ? '剩余' : '已超时';
        if (span >= 86400000) return prefix + ' ' + days + ' 天 ' + hours + ' 小时';
        if (span >= 3600000) return prefix + ' ' + hours + ' 小时 ' + minutes + ' 分';
        return prefix + ' ' + minutes + ' 分';
    }

    // Every [data-deadline] (milliseconds since 1970) shows the time left or overdue; a need past its
    // response deadline ([data-respond-by]) is marked overdue on its card without waiting for an event.
    function tick() {
        var now = Date.now() + skew;
        document.querySelectorAll('[data-deadline]').forEach(function (el) {
            var deadline = Number(el.dataset.deadline);
            el.textContent = countdown(deadline);
            if (deadline > now) return;
            el.classList.add('text-danger');
            var card = el.hasAttribute('data-respond-by') && el.closest('[data-need-id]');
            if (card && card.dataset.overdue !== 'true') {
                card.dataset.overdue = 'true';
                card.classList.add('border-danger', 'border-2');
            }
        });
    }

    var toastBox = null;

    function toast(text, ok) {
        toastBox.textContent = text;
        toastBox.classList.toggle('alert-success', ok);
        toastBox.classList.toggle('alert-danger', !ok);
        toastBox.hidden = false;
        clearTimeout(toastBox._timer);
        toastBox._timer = setTimeout(function () { toastBox.hidden = true; }, 5000);
    }

    // Posts a form with fetch and shows the answer (and any partial refusals); a second click while
    // the first is on its way is ignored.
    function post(form, submitter) {
        if (form.dataset.busy) return;
        form.dataset.busy = '1';
        if (submitter) submitter.disabled = true;
        fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (r) {
                if (r.redirected) return signedOut();
                return r.json().catch(function () { return { ok: false, message: '操作失败，请刷新后重试。' }; });
            })
            .then(function (answer) {
                toast([answer.message || (answer.ok ? '已完成' : '操作失败')].concat(answer.warnings || []).join(' '), answer.ok);
                submitted.forEach(function (then) { then(form, answer); });
            }, function () { toast('网络连接有问题，请稍后再试。', false); })
            .then(function () {
                delete form.dataset.busy;
                if (submitter) submitter.disabled = false;
            });
    }

    function followPage(page) {
        var regions = Array.from(document.querySelectorAll('[data-live-region]'));
        var need = page.dataset.liveNeed ? Number(page.dataset.liveNeed) : null;
        var url = page.dataset.liveUrl || window.location.href;
        var timer = null, generation = 0, failures = 0;

        // The user is choosing or typing in a live region: refreshing now would throw that away.
        function busy() {
            var active = document.activeElement;
            return regions.some(function (region) {
                return region.querySelector('details[open] form') || region.contains(active) && active.matches('input, select, textarea');
            });
        }

        function later(delay) {
            clearTimeout(timer);
            timer = setTimeout(function () { if (busy()) later(2000); else refresh(); }, delay);
        }

        function refresh() {
            var mine = ++generation;
            getHtml(url).then(function (html) {
                if (mine !== generation || html === null) return; // a newer read is on its way
                failures = 0;
                var fresh = new DOMParser().parseFromString(html, 'text/html');
                regions.forEach(function (region) {
                    var copy = fresh.getElementById(region.id);
                    if (copy) region.innerHTML = copy.innerHTML;
                });
                tick();
            }).catch(function () { if (++failures <= 5) later(2000 * failures); });
        }

        start({
            cursor: page.dataset.cursor,
            reloadUrl: url,
            onEvent: function (e) { if (need === null || e.needId === need) later(150); }
        });
        submitted.push(function (form) { if (regions.some(function (r) { return r.contains(form); })) refresh(); });
    }

    window.FiveSocietiesLive = {
        start: start,
        getHtml: getHtml,
        tick: tick,
        afterSubmit: function (then) { submitted.push(then); }
    };

    toastBox = document.createElement('div');
    toastBox.setAttribute('role', 'status');
    toastBox.setAttribute('data-testid', 'live-toast');
    toastBox.className = 'position-fixed bottom-0 start-50 translate-middle-x mb-5 alert py-2 px-3 shadow';
    toastBox.style.zIndex = 1080;
    toastBox.style.maxWidth = '90vw';
    toastBox.hidden = true;
    document.body.appendChild(toastBox);

    document.addEventListener('submit', function (ev) {
        var form = ev.target;
        if (!form.matches('form[data-live-action]')) return;
        ev.preventDefault();
        post(form, ev.submitter);
    });
    var page = document.querySelector('[data-live-page]');
    if (page) followPage(page);
    tick();
    setInterval(tick, 15000);
})();
