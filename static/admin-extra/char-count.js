/*
 * The live character count under the article's headline, SEO title, social title and
 * standfirst (newsroom/admin_widgets.py renders it). A field carries data-char-count="<the
 * recommended length>" and the two sentences to show; its counter is "<field id>_count".
 *
 * The shown count follows every keystroke. The spoken copy (the counter is an
 * aria-live="polite" region) changes only once typing pauses, so a screen reader says the
 * count once instead of after every letter. Over the recommendation the sentence itself says
 * so: a warning, never a limit.
 *
 * An external file with no inline style or handler: the site's CSP allows scripts from
 * 'self' only.
 */
"use strict";
{
    const PAUSE_MS = 800;

    const format = (template, values) => template.replace(/%\((\w+)\)s/g, (match, key) => String(values[key]));
    // Characters, not UTF-16 units: an emoji or an accented letter typed as one counts as one,
    // as Python's len() counts them on the server.
    const length = (value) => Array.from(value).length;

    function setUp(field) {
        const counter = document.getElementById(field.id + "_count");
        if (!counter) {
            return;
        }
        const shown = counter.querySelector(".char-count-shown");
        const spoken = counter.querySelector(".char-count-spoken");
        const recommended = Number(field.dataset.charCount);
        let pause = null;

        function update() {
            const count = length(field.value);
            const over = count > recommended;
            const template = over ? field.dataset.charCountOver : field.dataset.charCountText;
            const text = format(template, { count, recommended, over: count - recommended });
            counter.classList.toggle("over", over);
            shown.textContent = text;
            clearTimeout(pause);
            pause = setTimeout(() => {
                spoken.textContent = text;
            }, PAUSE_MS);
        }

        field.addEventListener("input", update);
    }

    function start() {
        document.querySelectorAll("[data-char-count]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}
