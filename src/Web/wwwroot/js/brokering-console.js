// The broker console: each event about a need re-reads that need's card with the page's filter
// (the server answers 404 when the need has left the board or no longer fits the filter), new needs
// are marked, counted in a badge and, if wanted, announced by a short tone. Actions post with fetch
// (live.js), then the cards they touched are read again, so the page is never reloaded.
(function () {
    'use strict';
    var board = document.getElementById('board');
    if (!board) return;
    var live = window.FiveSocietiesLive;
    var pending = new Map();
    var generation = new Map();
    var newCount = 0;
    var badge = document.getElementById('new-badge');
    var sound = document.getElementById('sound-toggle');
    var baseTitle = document.title;
    var audio = null;

    if (sound) {
        sound.checked = localStorage.getItem('fs.console.sound') === 'on';
        sound.addEventListener('change', function () {
            localStorage.setItem('fs.console.sound', sound.checked ? 'on' : 'off');
            wakeAudio();
        });
        // Browsers start audio only after the user has touched the page: wake the one context then.
        document.addEventListener('pointerdown', wakeAudio, { once: true });
    }

    function wakeAudio() {
        if (!sound.checked) return;
        try {
            audio = audio || new (window.AudioContext || window.webkitAudioContext)();
            audio.resume();
        } catch (e) { audio = null; }
    }

    function beep() {
        if (!sound || !sound.checked || !audio) return;
        var osc = audio.createOscillator(), gain = audio.createGain();
        osc.frequency.value = 880;
        gain.gain.value = 0.1;
        osc.connect(gain); gain.connect(audio.destination);
        osc.start(); osc.stop(audio.currentTime + 0.2);
    }

    function setBadge() {
        badge.textContent = newCount > 0 ? '新 ' + newCount : '';
        badge.classList.toggle('d-none', newCount === 0);
        document.title = newCount > 0 ? '(' + newCount + ') ' + baseTitle : baseTitle;
    }

    function cardOf(needId) { return board.querySelector('[data-need-id="' + needId + '"]'); }

    // Most urgent first, then the nearest deadline: data-sort is that order as a string.
    function place(card) {
        var after = null;
        board.querySelectorAll('[data-need-id]').forEach(function (other) {
            if (other !== card && other.dataset.sort < card.dataset.sort) after = other;
        });
        if (after) after.after(card); else board.prepend(card);
    }

    function refresh(needId, isNew, attempt) {
        var mine = (generation.get(needId) || 0) + 1;
        generation.set(needId, mine);
        live.getHtml(board.dataset.cardUrl + needId + board.dataset.cardQuery).then(function (html) {
            if (generation.get(needId) !== mine) return; // a newer read is on its way
            var old = cardOf(needId);
            if (html === null) { if (old) old.remove(); return done(); }
            var holder = document.createElement('div');
            holder.innerHTML = html.trim();
            var card = holder.firstElementChild;
            if (!card || !card.matches('[data-need-id]')) return done();
            if (old) {
                // Keep the worker's ticks and the "new" mark across the refresh.
                old.querySelectorAll('input[name="ids"]:checked').forEach(function (box) {
                    var same = card.querySelector('input[name="ids"][value="' + box.value + '"]');
                    if (same) same.checked = true;
                });
                if (old.classList.contains('border-info')) card.classList.add('border-info', 'border-2');
                old.replaceWith(card);
            } else {
                card.classList.add('border-info', 'border-2');
                if (isNew) { newCount++; setBadge(); beep(); }
            }
            place(card);
            done();
        }).catch(function () {
            // The event is already counted as seen: a failed read must be tried again, or the card would wait for a reload.
            if ((attempt || 0) < 5) setTimeout(function () { refresh(needId, isNew, (attempt || 0) + 1); }, 2000);
        });
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

    // After an action, the cards it touched are read at once (the events will follow too).
    live.afterSubmit(function (form) {
        var touched = new Set();
        new FormData(form).getAll('ids').forEach(function (id) {
            var row = board.querySelector('[data-match-id="' + id + '"]');
            var card = row && row.closest('[data-need-id]');
            if (card) touched.add(card.dataset.needId);
        });
        var card = form.closest('[data-need-id]');
        if (card) touched.add(card.dataset.needId);
        touched.forEach(function (id) { refresh(id, false); });
    });

    live.start({ cursor: board.dataset.cursor, onEvent: schedule });
})();
