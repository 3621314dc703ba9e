import { userInfo } from 'node:os';
import { UsageError } from '../io.js';

/**
 * The CLI's channel-qualified identity: `cli:<--as or the OS user name>`. people.yaml maps it to a
 * person (`alice: { cli: [alice, alice-laptop] }`). `--as cli:alice` is accepted as `cli:alice`;
 * another channel is refused: the CLI speaks only for CLI identities.
 */
export function cliIdentity(as: string | undefined): string {
  const name = (as ?? userInfo().username).replace(/^cli:/, '');
  if (name === '' || /[\s:]/.test(name)) {
    throw new UsageError(
      `--as "${as ?? name}" is not a CLI user name: give a name without spaces or ":" (it is recorded as cli:<name>; people.yaml maps it to a person)`,
    );
  }
  return `cli:${name}`;
}
