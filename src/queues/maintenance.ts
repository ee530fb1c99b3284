/** The queue of the reconciler's scheduled job (same prefix, so same hash tag, as the steps). */
export const MAINTENANCE_QUEUE = 'maintenance';
