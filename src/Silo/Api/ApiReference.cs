using System.Collections.Frozen;
using Microsoft.Net.Http.Headers;

namespace GameOps.Silo.Api;

/// <summary>
/// The browsable API reference: a page of our own (src/Silo/Api/Reference, embedded in the silo) that renders the
/// OpenAPI document in the browser. Anonymous like the document, and on its own paths, outside <c>/api/v1</c>.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api/reference";

    private static readonly FrozenDictionary<string, (string ContentType, byte[] Bytes)> Files = new[]
    {
        ("index.html", "text/html; charset=utf-8"),
        ("reference.js", "text/javascript; charset=utf-8"),
        ("reference.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(file => file.Item1, file => (file.Item2, Read(file.Item1)));

    public static IEndpointRouteBuilder MapGameOpsApiReference(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) => Serve(http, "index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(Path + "/{file}", (HttpContext http, string file) => Serve(http, file)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, string name)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return ApiExtensions.NotFound($"The API reference has no file '{name}'.");
        }

        // Its own script and styles, and the document from this origin: nothing else may run or load on the page.
        http.Response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        return Results.Bytes(file.Bytes, file.ContentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(ApiReference).Assembly.GetManifestResourceStream($"GameOps.Silo.Api.Reference.{name}")
            ?? throw new InvalidOperationException($"The API reference's {name} is not embedded in the silo.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
