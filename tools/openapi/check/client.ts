// A small program typed against the client generated from /openapi/v1.json (npm run generate): create a session,
// validate its token, branch on a problem's stable code, revoke it. `tsc --noEmit` fails if the document stops
// describing these calls (the tests run it), so a broken document breaks the build.
import type { components, paths } from "../generated/sessioncluster";

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

type Problem = components["schemas"]["Problem"];
type ErrorCode = Problem["code"];
type CreateAnswer = paths["/v1/sessions"]["post"]["responses"][201]["content"]["application/json"];
type ValidateAnswer = paths["/v1/sessions/validate"]["post"]["responses"][200]["content"]["application/json"];
type ValidateRefused = paths["/v1/sessions/validate"]["post"]["responses"][401]["content"]["application/problem+json"];
type RevokeAnswer = paths["/v1/sessions/{sessionId}"]["delete"]["responses"][204];

export async function signInAndOut(baseUrl: string, apiKey: string, userId: string): Promise<ErrorCode | "ok"> {
  const headers = { "Content-Type": "application/json", "X-Api-Key": apiKey };
  const create: Json<"/v1/sessions", "post"> = { userId, device: { name: "Laptop", type: "desktop" }, rememberMe: true };
  const created = (await (await fetch(`${baseUrl}/v1/sessions`, { method: "POST", headers, body: JSON.stringify(create) })).json()) as CreateAnswer;
  // Required, never null: a generator can trust these.
  const accessToken: string = created.accessToken;
  const sessionId: string = created.sessionId;
  const expiresAt: string = created.absoluteExpiresAt;

  const validate: Json<"/v1/sessions/validate", "post"> = { accessToken, client: { ip: "203.0.113.7", userAgent: null } };
  const answer = await fetch(`${baseUrl}/v1/sessions/validate`, { method: "POST", headers, body: JSON.stringify(validate) });
  if (answer.status === 401) {
    const problem = (await answer.json()) as ValidateRefused;
    const code: ErrorCode = problem.code;
    if (code === "access_token_expired" || code === "session_revoked" || code === "token_invalid") {
      return code;
    }
    return problem.code;
  }
  const view = (await answer.json()) as ValidateAnswer;
  const aal: number = view.aal;
  const active: boolean = view.status === "active" && aal >= 1 && expiresAt.length > 0;

  const revoked = await fetch(`${baseUrl}/v1/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE", headers });
  const none: RevokeAnswer["content"] = undefined as RevokeAnswer["content"];
  void none;
  return revoked.status === 204 && active ? "ok" : "internal_error";
}
