// What the server wrote into the page for the first view, read instead of asked for: on a slow network each question
// is a round trip before the first tile. Layers' zoom ranges and bounds, the Vietnamese words, the district names and
// the view of the province. A page without it (or an old copy) makes the scripts ask as before.

function read() {
  const node = document.getElementById('atlas-boot');
  try {
    return node ? JSON.parse(node.textContent) : {};
  } catch (e) {
    return {};
  }
}

export const boot = read();
