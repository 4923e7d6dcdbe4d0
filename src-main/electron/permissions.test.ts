import { describe, expect, it, vi } from 'vitest';
import { decidePermission, denyDevicePermission, denyPermissionCheck, denyPermissionRequest } from './permissions';

const asked = ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'unknown'];

describe('permissions', () => {
  it.each(asked)('refuses a request for %s', (permission) => {
    const callback = vi.fn();
    denyPermissionRequest({}, permission, callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
  });

  it.each(asked)('answers a check for %s with false', (permission) => {
    expect(denyPermissionCheck(null, permission)).toBe(false);
    expect(decidePermission(permission)).toBe(false);
  });

  it('refuses devices', () => {
    expect(denyDevicePermission({ deviceType: 'usb' })).toBe(false);
    expect(denyDevicePermission({})).toBe(false);
  });
});
