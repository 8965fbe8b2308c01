using System.Net;
using System.Net.Http.Json;
using System.Text;
using GameOps.Grains.Identity;
using GameOps.Silo.Hosts;
using GameOps.Silo.Security;
using GameOps.Silo.Security.Authorization;
using GameOps.Silo.Tests.Api;
using GameOps.Silo.Tests.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GameOps.Silo.Tests.Identity;

/// <summary>
/// Every route the app maps (read from its endpoint list, so a new one cannot be left out) called by every kind of
/// caller: anonymous, the platform admin, and an API key of each role in the org the route touches and in another
/// org. Each cell's expected answer comes from the route's declared permission and <see cref="RolePermissions"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string OrgA = "default";
    private const string OrgB = "org-b";

    private static readonly string DocsPath = Path.Combine(RepositoryPaths.Root, "docs", "security.md");

    [Fact]
    public async Task Every_route_answers_each_caller_as_the_permission_table_says()
    {
        // Rotating the admin key as the platform admin ends the platform admin's key: that call comes last.
        var routes = ApiRoutes().OrderBy(r => Pattern(r) == "/api/v1/admin-key/rotate").ToList();
        using var admin = factory.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Org A's host" });
        var hostId = (await created.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;
        var callers = new List<(string Name, HttpClient Client, OrgRole? Role, bool SameOrg)>
        {
            ("anonymous", factory.CreateClient(), null, false),
            ("platform admin", factory.CreateAdminClient(), null, true),
        };
        foreach (var role in Enum.GetValues<OrgRole>())
        {
            callers.Add(($"{role} of org A", OrgKeys.ClientWith(factory, (await OrgKeys.CreateAsync(factory, OrgA, role)).Key), role, true));
            callers.Add(($"{role} of org B", OrgKeys.ClientWith(factory, (await OrgKeys.CreateAsync(factory, OrgB, role)).Key), role, false));
        }

        var wrong = new List<string>();
        foreach (var route in routes)
        {
            foreach (var (name, client, role, sameOrg) in callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), PathOf(route, hostId));

                // Org B's callers name org A, as a script would to reach another org's routes.
                request.Headers.Add(OrgAccess.OrgHeader, OrgA);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var expected = Expected(route, name, role, sameOrg);
                if (!expected.Matches(response.StatusCode))
                {
                    wrong.Add($"{route.Method} {Pattern(route)} as {name}: {(int)response.StatusCode}, expected {expected}");
                }
            }
        }

        foreach (var (_, client, _, _) in callers)
        {
            client.Dispose();
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Contains(routes, r => Pattern(r) == "/api/v1/events");
        Assert.Contains(routes, r => Pattern(r) == "/api/v1/hosts/{hostId}/servers/{serverId}/console");
    }

    [Fact]
    public void Every_api_route_declares_a_permission_or_the_platform_admin()
    {
        var undeclared = ApiRoutes()
            .Where(r => Pattern(r).StartsWith("/api/v1/", StringComparison.Ordinal))
            .Where(r => Permission(r) is null && Account(r) is null && !IsPlatformOnly(r) && !IsAnonymous(r))
            .Select(r => $"{r.Method} {Pattern(r)}")
            .ToList();

        Assert.Empty(undeclared);
    }

    [Fact]
    public void Roles_table_in_security_doc_is_the_permission_table()
    {
        var doc = File.ReadAllText(DocsPath);
        const string start = "<!-- roles-table:start -->\n";
        const string end = "<!-- roles-table:end -->";
        var from = doc.IndexOf(start, StringComparison.Ordinal);
        var to = doc.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"docs/security.md needs the markers {start.Trim()} and {end}.");

        var table = RolesTable();
        if (Environment.GetEnvironmentVariable("GAMEOPS_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(DocsPath, doc[..(from + start.Length)] + table + doc[to..]);
            return;
        }

        Assert.True(table == doc[(from + start.Length)..to], "docs/security.md's roles table differs from the code's; run this test with GAMEOPS_UPDATE_DOCS=1 to write it.");
    }

    private string RolesTable()
    {
        var table = new StringBuilder();
        var roles = Enum.GetValues<OrgRole>().Reverse().ToList();
        table.Append("| route | permission | ").AppendJoin(" | ", roles).Append(" | platform admin |\n");
        table.Append("| --- | --- |").Append(string.Concat(roles.Select(_ => " :-: |"))).Append(" :-: |\n");
        // The dashboard's many routes are one row: they are one page and all need the platform admin. The web console's
        // pages, circuit and files are one row too: they need no permission, what the circuit reads and changes does.
        var rows = ApiRoutes()
            .Select(r => (Route: r, Text: IsWebConsole(r) ? "GET, POST / and the web console's pages, circuit and files"
                : Pattern(r).StartsWith("/dashboard", StringComparison.Ordinal) ? "GET /dashboard/..." : $"{r.Method} {Pattern(r)}"))
            .DistinctBy(r => r.Text)
            .OrderBy(r => Pattern(r.Route), StringComparer.Ordinal).ThenBy(r => r.Route.Method, StringComparer.Ordinal);
        foreach (var (route, text) in rows)
        {
            var permission = Permission(route);
            var account = Account(route);
            var name = permission is { } p ? RolePermissions.NameOf(p) : account is not null ? "account" : IsPlatformOnly(route) ? "platform" : "none";
            table.Append($"| `{text}` | {name} | ");
            table.AppendJoin(" | ", roles.Select(role => permission is { } p && RolePermissions.Allows(role, p) || permission is null && (IsAnonymous(route) || account is not null) ? "yes" : "no"));
            table.Append(account is { AdminKeyAllowed: false } ? " | no |\n" : " | yes |\n");
        }

        return table.ToString();
    }

    private static Expectation Expected(MappedRoute route, string caller, OrgRole? role, bool sameOrg)
    {
        if (IsAnonymous(route))
        {
            return Expectation.Allowed;
        }

        if (caller == "anonymous")
        {
            return Expectation.Unauthenticated;
        }

        if (Account(route) is { } account)
        {
            // Only a person's sign-in passes; this matrix's callers are keys.
            return caller == "platform admin" && account.AdminKeyAllowed ? Expectation.Allowed : Expectation.Forbidden;
        }

        if (caller == "platform admin")
        {
            return Expectation.Allowed;
        }

        return Permission(route) is { } permission && sameOrg && RolePermissions.Allows(role!.Value, permission)
            ? Expectation.Allowed
            : Expectation.Forbidden;
    }

    private List<MappedRoute> ApiRoutes()
    {
        _ = factory.Server;
        return MappedRoute.All(factory.Services).Where(r => !r.IsGrpc).ToList();
    }

    private static Permission? Permission(MappedRoute route) => route.Endpoint.Metadata.GetMetadata<PermissionMetadata>()?.Permission;

    private static AccountMetadata? Account(MappedRoute route) => route.Endpoint.Metadata.GetMetadata<AccountMetadata>();

    private static bool IsPlatformOnly(MappedRoute route) =>
        route.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == GameOpsClaims.PlatformAdminPolicy);

    private static bool IsAnonymous(MappedRoute route) => !route.RequiresAuthorization;

    // {**path:file} is the static web assets' catch-all for the console's files, mapped outside the console's own builders.
    private static bool IsWebConsole(MappedRoute route) =>
        route.Endpoint.Metadata.GetMetadata<GameOps.Silo.WebConsole.WebConsoleEndpointMetadata>() is not null || Pattern(route) == "{**path:file}";

    private static string Pattern(MappedRoute route) => ((RouteEndpoint)route.Endpoint).RoutePattern.RawText!.TrimEnd('/') is { Length: > 0 } p ? p : "/";

    /// <summary>The route's path with the values of org A: its id, a host it owns, a server and ids that exist nowhere.</summary>
    private static string PathOf(MappedRoute route, string hostId)
    {
        var pattern = ((RouteEndpoint)route.Endpoint).RoutePattern;
        var path = route.Path;
        foreach (var parameter in pattern.Parameters)
        {
            var value = parameter.Name switch
            {
                "orgId" => OrgA,
                "hostId" => hostId,
                "serverId" => "main",
                _ => null,
            };
            if (value is not null)
            {
                var index = Segments(pattern).IndexOf(parameter.Name);
                var segments = path.Split('/');
                segments[index + 1] = value;
                path = string.Join('/', segments);
            }
        }

        return path;
    }

    private static List<string?> Segments(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) =>
        pattern.PathSegments.Select(s => s.Parts is [Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p] ? p.Name : null).ToList();

    private sealed record Expectation(string Name, Func<HttpStatusCode, bool> Matches)
    {
        public static readonly Expectation Allowed = new("neither 401 nor 403", s => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden));
        public static readonly Expectation Unauthenticated = new("401", s => s == HttpStatusCode.Unauthorized);
        public static readonly Expectation Forbidden = new("403", s => s == HttpStatusCode.Forbidden);

        public override string ToString() => Name;
    }
}
