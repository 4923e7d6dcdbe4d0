/**
 * Deepwire needs no web permission (camera, notifications, clipboard-read, USB, ...), so every
 * request and every check is refused. Kept as functions so the policy is tested, not assumed.
 */

/** The one decision: nothing is granted, whatever is asked and whoever asks. */
export function decidePermission(_permission: string): false {
  return false;
}

/** For session.setPermissionRequestHandler: answers every request with "no". */
export function denyPermissionRequest(_webContents: unknown, permission: string, callback: (granted: boolean) => void): void {
  callback(decidePermission(permission));
}

/** For session.setPermissionCheckHandler (synchronous checks such as navigator.permissions.query). */
export function denyPermissionCheck(_webContents: unknown, permission: string): boolean {
  return decidePermission(permission);
}

/** For session.setDevicePermissionHandler (HID, serial, USB devices). */
export function denyDevicePermission(details: { deviceType?: string }): boolean {
  return decidePermission(details.deviceType ?? 'device');
}
