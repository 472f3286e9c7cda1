// The export panel's buttons ("Prepare the file", "Make the time-lapse"). Each runs in the app page,
// reads the extent that the map (footprint-map.js trackView) last published, and hands it to Python
// with the click, so the file shows what is on screen without the app rerunning on every pan.
export default function ({ data, parentElement, setTriggerValue }) {
  const button = parentElement.querySelector("button");
  const note = parentElement.querySelector(".fp-extent");
  button.textContent = data.label;

  const degrees = (value, positive, negative) =>
    `${Math.abs(value).toFixed(2)}°${value >= 0 ? positive : negative}`;
  const describe = () => {
    const view = window.footprintMapView;
    note.textContent = view
      ? `The file will show the map as on screen: ${degrees(view.south, "N", "S")} to ${degrees(view.north, "N", "S")}, ` +
        `${degrees(view.west, "E", "W")} to ${degrees(view.east, "E", "W")}.`
      : "The file will show the region or countries chosen in the sidebar.";
  };
  describe();
  window.addEventListener("footprint:view", describe);
  button.onclick = () => setTriggerValue("clicked", window.footprintMapView || {});
  return () => window.removeEventListener("footprint:view", describe);
}
