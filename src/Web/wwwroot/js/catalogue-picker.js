// Narrows the service-item list by tier and area (tier → area → item). Without JavaScript the
// grouped item list works on its own.
(function () {
    // Services offered (_ServicePicker): ticking a whole area in its folded heading must not also
    // open or close the area.
    document.querySelectorAll('[data-area-choice]').forEach(function (label) {
        label.addEventListener('click', function (ev) { ev.stopPropagation(); });
    });

    document.querySelectorAll('[data-catalogue-picker]').forEach(function (picker) {
        var tier = picker.querySelector('[data-filter="tier"]');
        var area = picker.querySelector('[data-filter="area"]');
        var items = picker.querySelector('[data-items]');
        function apply() {
            items.querySelectorAll('option[data-area]').forEach(function (option) {
                var visible = (!tier.value || option.dataset.tier === tier.value) && (!area.value || option.dataset.area === area.value);
                option.hidden = !visible;
                option.disabled = !visible;
            });
            items.querySelectorAll('optgroup').forEach(function (group) {
                group.hidden = !group.querySelector('option:not([hidden])');
            });
            var selected = items.options[items.selectedIndex];
            if (selected && selected.hidden) items.value = '';
        }
        tier.addEventListener('change', apply);
        area.addEventListener('change', apply);
        items.addEventListener('change', function () {
            var option = items.options[items.selectedIndex];
            if (option && option.dataset.area && !area.value) area.value = option.dataset.area;
        });
    });
})();
