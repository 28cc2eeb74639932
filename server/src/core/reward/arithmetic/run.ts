import { isLetter, isRunCommand, isSpacingCommand } from "./tokens";

/**
 * An arithmetic run is a stretch of text made only of the characters `0-9 . , + - * / ^ ( ) [ ] { }
 * ! % × ÷ · − = ~ & space tab`, the commands `\frac \dfrac \tfrac \sqrt \times \cdot \div \left
 * \right \boxed`, and `\` before one of `, ; : ! % $` or a space. Anything else (a letter, `$`, `\pi`,
 * a newline) ends it, so a claim never spans prose or a variable. The tokeniser reads a run
 * forwards; {@link runStart} finds where one begins, reading back from an `=`.
 */
function isRunChar(c: number): boolean {
  if (c >= 48 && c <= 57) return true;
  switch (c) {
    case 46: // .
    case 44: // ,
    case 43: // +
    case 45: // -
    case 42: // *
    case 47: // /
    case 94: // ^
    case 40: // (
    case 41: // )
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 33: // !
    case 37: // %
    case 0xd7: // ×
    case 0xf7: // ÷
    case 0xb7: // ·
    case 0x2212: // −
    case 61: // =
    case 126: // ~
    case 32: // space
    case 9: // tab
    case 38: // &
      return true;
    default:
      return false;
  }
}

/**
 * Where the arithmetic run holding `text[at]` begins. Reading backwards is unambiguous because a
 * backslash always starts a command or stands alone: it is never inside another command's name.
 * So a character after `\` that makes a one-character command belongs to it, and letters belong to
 * a command exactly when a `\` precedes them.
 */
export function runStart(text: string, at: number): number {
  let p = at;
  for (;;) {
    const c = text.charCodeAt(p - 1);
    if (isSpacingCommand(c) && text.charCodeAt(p - 2) === 92) {
      p -= 2;
    } else if (isRunChar(c)) {
      p--;
    } else if (isLetter(c)) {
      let name = p - 1;
      while (isLetter(text.charCodeAt(name - 1))) name--;
      if (text.charCodeAt(name - 1) !== 92 || !isRunCommand(text, name, p)) return p;
      p = name - 1;
    } else {
      return p;
    }
  }
}
