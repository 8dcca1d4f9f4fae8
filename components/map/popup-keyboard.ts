import type L from 'leaflet';

/**
 * Makes a marker's popup usable from the keyboard: its close button is named in the page's language, opening it from
 * the focused marker (Enter) moves focus to its first link, and Escape closes it and gives focus back to the marker.
 */
export function keyboardPopup(map: L.Map, marker: L.Marker, closeLabel: string): void {
  marker.on('popupopen', (e) => {
    const popup = (e as L.PopupEvent).popup.getElement();
    const close = popup?.querySelector('.leaflet-popup-close-button');
    close?.setAttribute('aria-label', closeLabel);
    close?.setAttribute('title', closeLabel);
    if (document.activeElement === marker.getElement())
      popup?.querySelector<HTMLAnchorElement>('.map-popup a')?.focus();
    if (popup)
      popup.onkeydown = (ev) => {
        if (ev.key !== 'Escape') return;
        map.closePopup();
        marker.getElement()?.focus();
      };
  });
}
