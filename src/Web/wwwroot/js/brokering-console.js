// The broker console: each event about a need re-reads that need's card (or removes it once the
// need has left the board), new needs are marked, counted in a badge and, if wanted, announced by
// a short tone. Actions post with fetch so the page is never reloaded.
(function () {
    'use strict';
    var board = document.getElementById('board');
    if (!board) return;
    var live = window.FiveSocietiesLive;
    var pending = new Map();
    var newCount = 0;
    var badge = document.getElementById('new-badge');
    var sound = document.getElementById('sound-toggle');
    var baseTitle = document.title;

    if (sound) {
        sound.checked = localStorage.getItem('fs.console.sound') === 'on';
        sound.addEventListener('change', function () { localStorage.setItem('fs.console.sound', sound.checked ? 'on' : 'off'); });
    }

    function beep() {
        if (!sound || !sound.checked) return;
        try {
            var ctx = new (window.AudioContext || window.webkitAudioContext)();
            var osc = ctx.createOscillator(), gain = ctx.createGain();
            osc.frequency.value = 880;
            gain.gain.value = 0.1;
            osc.connect(gain); gain.connect(ctx.destination);
            osc.start(); osc.stop(ctx.currentTime + 0.2);
        } catch (e) { /* no audio: the badge is enough */ }
    }

    function setBadge() {
        badge.textContent = newCount > 0 ? '新 ' + newCount : '';
        badge.classList.toggle('d-none', newCount === 0);
        document.title = newCount > 0 ? '(' + newCount + ') ' + baseTitle : baseTitle;
    }

    function fits(card) {
        var f = board.dataset;
        if (f.filterVillage && card.dataset.village !== f.filterVillage) return false;
        if (f.filterArea && card.dataset.area !== f.filterArea) return false;
        if (f.filterOverdue === 'true' && card.dataset.overdue !== 'true') return false;
        return true;
    }

    function cardOf(needId) { return board.querySelector('[data-need-id="' + needId + '"]'); }

    function place(card) {
        var after = null;
        board.querySelectorAll('[data-need-id]').forEach(function (other) {
            if (other !== card && other.dataset.sort < card.dataset.sort) after = other;
        });
        if (after) after.after(card); else board.prepend(card);
    }

    function refresh(needId, isNew, attempt) {
        fetch(board.dataset.cardUrl + needId, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
            .then(function (r) {
                if (r.status === 404) return null;
                return r.ok ? r.text() : Promise.reject(r.status);
            })
            .then(function (html) {
                var old = cardOf(needId);
                if (html === null) { if (old) old.remove(); return done(); }
                var holder = document.createElement('div');
                holder.innerHTML = html.trim();
                var card = holder.firstElementChild;
                if (!fits(card)) { if (old) old.remove(); return done(); }
                // Keep the worker's ticks across the refresh.
                if (old) old.querySelectorAll('input[name="ids"]:checked').forEach(function (box) {
                    var same = card.querySelector('input[name="ids"][value="' + box.value + '"]');
                    if (same) same.checked = true;
                });
                if (old && old.classList.contains('border-info')) card.classList.add('border-info', 'border-2');
                if (old) old.replaceWith(card); else {
                    card.classList.add('border-info', 'border-2');
                    place(card);
                    if (isNew) { newCount++; setBadge(); beep(); }
                }
                place(card);
                done();
            })
            // The event is already counted as seen: a failed read must be tried again, or the card would wait for a reload.
            .catch(function () { if ((attempt || 0) < 5) setTimeout(function () { refresh(needId, isNew, (attempt || 0) + 1); }, 2000); });
        function done() {
            document.getElementById('board-empty').classList.toggle('d-none', board.querySelector('[data-need-id]') !== null);
            countSelected();
            live.tick();
        }
    }

    function schedule(e) {
        var state = pending.get(e.needId) || { isNew: false };
        state.isNew = state.isNew || e.type === 'need.submitted' || e.type === 'match.proposed' && !cardOf(e.needId);
        clearTimeout(state.timer);
        state.timer = setTimeout(function () { pending.delete(e.needId); refresh(e.needId, state.isNew); }, 120);
        pending.set(e.needId, state);
    }

    function countSelected() {
        var n = board.querySelectorAll('input[name="ids"]:checked').length;
        var count = document.getElementById('selected-count');
        if (count) count.textContent = n;
        var button = document.getElementById('bulk-offer');
        if (button) button.disabled = n === 0;
    }

    board.addEventListener('change', countSelected);
    // The worker has seen the new items once they look at the page.
    window.addEventListener('focus', function () { newCount = 0; setBadge(); });
    board.addEventListener('click', function () { newCount = 0; setBadge(); });

    document.addEventListener('submit', function (ev) {
        var form = ev.target;
        if (!form.hasAttribute('data-live-action')) return;
        ev.preventDefault();
        var touched = new Set();
        var data = new FormData(form, ev.submitter);
        data.getAll('ids').forEach(function (id) {
            var row = board.querySelector('[data-match-id="' + id + '"]');
            var card = row && row.closest('[data-need-id]');
            if (card) touched.add(card.dataset.needId);
        });
        var match = form.closest('[data-need-id]');
        if (match) touched.add(match.dataset.needId);
        live.postForm(form, ev.submitter, function () { touched.forEach(function (id) { refresh(id, false); }); });
    });

    live.start({ cursor: board.dataset.cursor, onStatus: live.showStatus, onEvent: schedule });
})();
