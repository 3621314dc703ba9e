/** The `with:` of `uses: sleep`. Pure: zod only. */
import { z } from 'zod';
import { Duration } from '../schema.js';

export const SleepInput = z.strictObject({ duration: Duration });
export type SleepInput = z.input<typeof SleepInput>;
