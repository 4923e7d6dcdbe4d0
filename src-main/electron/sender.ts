/**
 * Who may call the services over IPC: only the app's own page, in the top-level frame. A frame
 * that is missing (destroyed mid-call), nested (an iframe), or showing anything else is refused.
 */
import { isAppPage } from './navigation';

export function isTrustedSender(frameUrl: string | null | undefined, appUrl: string, isTopLevel = true): boolean {
  return isTopLevel && isAppPage(frameUrl, appUrl);
}
