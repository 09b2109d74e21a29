/*
 * Suggestions for taggit's comma-separated tags box in the admin (people, articles, bulk
 * tag actions). The box carries data-tag-autocomplete="<JSON endpoint>"; the word being
 * typed (after the last comma) is completed from the vocabulary, most-used tags first.
 * Keyboard: ↓ ↑ to move, Entrée to choose, Échap to close. Without this script the box is
 * plain text and still works.
 *
 * An external file with no inline style or handler: the site's CSP allows scripts from
 * 'self' only.
 */
"use strict";
{
    let counter = 0;

    function setUp(input) {
        const url = input.dataset.tagAutocomplete;
        const list = document.createElement("ul");
        list.id = "tag-suggestions-" + ++counter;
        list.className = "tag-suggestions";
        list.setAttribute("role", "listbox");
        list.hidden = true;
        input.after(list);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-expanded", "false");
        let active = -1;
        let pending = null;

        const options = () => Array.from(list.children);
        const fragment = () => {
            const parts = input.value.split(",");
            return parts[parts.length - 1].trim();
        };

        function close() {
            list.hidden = true;
            list.replaceChildren();
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            options().forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
            active = index;
            const option = options()[index];
            if (option) {
                input.setAttribute("aria-activedescendant", option.id);
            }
        }

        function choose(name) {
            const parts = input.value.split(",");
            // A name with a comma or a space must be quoted for taggit's parser.
            parts[parts.length - 1] = (parts.length > 1 ? " " : "") + (/[,\s"]/.test(name) ? '"' + name.replace(/"/g, "") + '"' : name);
            input.value = parts.join(",") + ", ";
            close();
            input.focus();
        }

        function show(results) {
            close();
            results.forEach((result, index) => {
                const option = document.createElement("li");
                option.id = list.id + "-" + index;
                option.setAttribute("role", "option");
                option.textContent = result.name;
                option.addEventListener("mousedown", (event) => {
                    event.preventDefault();
                    choose(result.name);
                });
                list.append(option);
            });
            if (results.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
        }

        input.addEventListener("input", () => {
            const term = fragment();
            clearTimeout(pending);
            if (!term) {
                close();
                return;
            }
            pending = setTimeout(() => {
                fetch(url + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
                    .then((response) => (response.ok ? response.json() : { results: [] }))
                    .then((data) => {
                        if (fragment() === term) {
                            show(data.results || []);
                        }
                    })
                    .catch(close);
            }, 150);
        });

        input.addEventListener("keydown", (event) => {
            const count = options().length;
            if (list.hidden || !count) {
                return;
            }
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                const step = event.key === "ArrowDown" ? 1 : -1;
                highlight((active + step + count) % count);
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                choose(options()[active].textContent);
            } else if (event.key === "Escape") {
                close();
            }
        });

        input.addEventListener("blur", close);
    }

    function init() {
        document.querySelectorAll("input[data-tag-autocomplete]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
