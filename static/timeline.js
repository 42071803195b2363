/* The timeline's readout (templates/macros.html): the title, time and status of the
   mark focused, hovered or tapped, shown under the drawing, so that no mark has to be
   guessed at. On a touch screen the first tap on a mark shows it and the second opens
   the event (so does the link in the readout). Without this script the readout stays
   hidden, and the list under the drawing names every event. */
(function () {
  "use strict";

  function markOf(target) {
    return target && target.closest ? target.closest("a.tl-mark, a.tl-count") : null;
  }

  // "Title (time; status)": the title and the rest, split at the last " (".
  function parts(name) {
    var at = name.lastIndexOf(" (");
    return at < 0 ? [name, ""] : [name.slice(0, at), name.slice(at + 1)];
  }

  function show(readout, mark, state) {
    if (state.shown) state.shown.classList.remove("tl-active");
    mark.classList.add("tl-active");
    state.shown = mark;
    var pieces = parts(mark.getAttribute("aria-label") || "");
    var link = document.createElement("a");
    var title = document.createElement("bdi");
    link.setAttribute("href", mark.getAttribute("href"));
    title.textContent = pieces[0];
    link.appendChild(title);
    readout.replaceChildren(link, document.createTextNode(pieces[1] ? " " + pieces[1] : ""));
  }

  function wire(figure) {
    var readout = figure.querySelector(".timeline-readout");
    var drawing = figure.querySelector("svg.timeline-svg");
    if (!readout || !drawing) return;
    var state = { shown: null, touch: false, armed: null };
    // On the figure, not the drawing: Chromium makes an <svg> with focus listeners a tab stop.
    readout.textContent = "Focus, hover or tap a mark to see what it is.";
    readout.hidden = false;
    figure.addEventListener("focusin", function (e) {
      var mark = markOf(e.target);
      if (mark) show(readout, mark, state);
    });
    figure.addEventListener("mouseover", function (e) {
      var mark = markOf(e.target);
      if (mark) show(readout, mark, state);
    });
    figure.addEventListener("pointerdown", function (e) {
      state.touch = e.pointerType !== "mouse";
    });
    figure.addEventListener("click", function (e) {
      var mark = markOf(e.target);
      if (!mark || !state.touch) return;   // a mouse or the keyboard opens the event at once
      state.touch = false;
      if (mark !== state.armed) {
        e.preventDefault();
        state.armed = mark;
        show(readout, mark, state);
      }
    });
  }

  document.querySelectorAll("figure.timeline").forEach(wire);
})();
