/**
 * A window as a phrase that follows a clause: "in the last 24 hours", "yesterday", "since 14:00".
 * @example
 * when({ label: 'the last hour' }) // 'in the last hour'
 */
export function when(window: { label: string }): string {
  return window.label.startsWith('the ') ? `in ${window.label}` : window.label;
}
