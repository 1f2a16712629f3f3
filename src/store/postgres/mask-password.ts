/** A URL with its password masked: what messages, reports and the store's `location` show. */
export function maskPassword(url: string): string {
  return url.replace(/(\/\/[^/:@]*:)[^@/]*@/, "$1***@");
}
