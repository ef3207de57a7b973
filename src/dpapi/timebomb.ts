/**
 * The RCM grace-period timebomb: SYSTEM\ControlSet00N\Control\Terminal Server\RCM\GracePeriod\<name>,
 * a machine DPAPI blob (Vista+) or LSA secret (XP/2003) whose plaintext is the grace-period end as a FILETIME (UTC).
 */
import { filetimeToDate } from '../regf/filetime.js';
import { fail, ok, type Result } from './bytes.js';

export const RTM_TIMEBOMB_VALUE_NAME = 'L$RTMTIMEBOMB_1320153D-8DA3-4e8e-B27B-0D888223A588';
/** Used instead when SOFTWARE\Microsoft\TermServLicensing\RunAsRTM == 4 (TSTool TLSIsBetaNTServer). */
export const BETA_TIMEBOMB_VALUE_NAME = 'L$GracePeriodTimeBomb_1320153D-8DA3-4e8e-B27B-0D888223A588';
export const TIMEBOMB_PLAINTEXT_LENGTH = 8;

export function timebombEnd(plaintext: Uint8Array): Result<Date> {
  if (plaintext.length !== TIMEBOMB_PLAINTEXT_LENGTH) {
    return fail('malformed', `timebomb plaintext is ${plaintext.length} bytes, expected a ${TIMEBOMB_PLAINTEXT_LENGTH}-byte FILETIME`);
  }
  const ft = new DataView(plaintext.buffer, plaintext.byteOffset, 8).getBigUint64(0, true);
  const end = filetimeToDate(ft);
  return end ? ok(end) : fail('malformed', 'timebomb FILETIME is zero or outside the representable date range');
}
