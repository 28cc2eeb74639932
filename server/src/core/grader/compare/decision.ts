/** What one comparison rule concluded; `gradable: false` when it could not decide. */
export interface Decision {
  equal: boolean;
  rule: string;
  reason: string;
  gradable?: false;
}

export const yes = (rule: string, reason: string): Decision => ({ equal: true, rule, reason });
export const no = (rule: string, reason: string): Decision => ({ equal: false, rule, reason });
export const undecided = (rule: string, reason: string): Decision => ({
  equal: false,
  rule,
  reason,
  gradable: false,
});
