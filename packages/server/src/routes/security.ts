/** The OpenAPI security requirement shared by every authenticated route. */
export const security: Record<string, string[]>[] = [{ bearer: [] }, { cookie: [] }];
