/** `DISCORD_API_URL` as @discordjs/rest wants it: no trailing slash, no version (it adds /v10). */
export function restApiBase(apiUrl: string | undefined): string | undefined {
  return apiUrl?.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}
