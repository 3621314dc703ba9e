export type { CheckoutCache, CheckoutCacheDeps, PinnedCheckout } from './checkout-cache.js';
export {
  CHECKOUT_LOCK_POLL_MS,
  CHECKOUT_LOCK_WAIT_MS,
  CheckoutFailureType,
  createCheckoutCache,
  repoKey,
} from './checkout-cache.js';
