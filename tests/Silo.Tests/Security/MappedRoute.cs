using System.Globalization;
using System.Text;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.Security;

/// <summary>
/// One route the silo maps, with a request that reaches it: read from the app's own endpoint list, so a route added
/// later is covered by every test that walks them.
/// </summary>
public sealed record MappedRoute(string Method, string Path, Endpoint Endpoint)
{
    /// <summary>A host id that is well formed and exists nowhere.</summary>
    public const string UnknownHostId = "0123456789abcdef0123456789abcdef";

    /// <summary>A gRPC method, or gRPC's own answer for methods and services nobody implements.</summary>
    public bool IsGrpc => Endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not null
        || ((RouteEndpoint)Endpoint).RoutePattern.Parameters.Any(p => p.ParameterPolicies.Any(policy => policy.Content == "grpcunimplemented"));

    /// <summary>
    /// A method of the API's gRPC service (the jobs API), served on the API's port rather than the gateway's; not gRPC's
    /// answer for methods it does not implement, which is Unimplemented on either port.
    /// </summary>
    public bool IsApiGrpc => Endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is not null
        && Endpoint.Metadata.GetMetadata<GameOps.Silo.Gateway.ApiGrpcEndpointMetadata>() is not null;

    public bool RequiresAuthorization => Endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null
        && Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;

    public override string ToString() => $"{Method} {Path} ({Endpoint.DisplayName})";

    public HttpRequestMessage NewRequest() => new(new HttpMethod(Method), new Uri(Path, UriKind.Relative));

    public static IReadOnlyList<MappedRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => MethodsOf(endpoint).Select(method => new MappedRoute(method, PathTo(endpoint.RoutePattern), endpoint)))
            .Select(route => route.IsGrpc ? route with { Method = HttpMethods.Post } : route)
            .ToList();

    private static IEnumerable<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : [HttpMethods.Get];

    private static string PathTo(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => ValueFor(parameter),
                    _ => throw new InvalidOperationException($"Unexpected route part {part}"),
                });
            }
        }

        // Some routes answer their bare path with a redirect to the slash, which a client follows without its credentials.
        if (path.Length == 0 || pattern.RawText?.EndsWith('/') == true)
        {
            path.Append('/');
        }

        return path.ToString();
    }

    private static string ValueFor(RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Any(p => p.Content == "guid")
            ? Guid.NewGuid().ToString()
            : parameter.ParameterPolicies.Any(p => p.Content is "int" or "long")
                ? 1.ToString(CultureInfo.InvariantCulture)
                : UnknownHostId;
}
