using GameOps.Silo.Tests.Observability.Otlp;

namespace GameOps.Silo.Tests.Observability;

/// <summary>One span as an OTLP export carried it, with ids as lowercase hex so they compare with W3C <c>traceparent</c>s.</summary>
internal sealed record ReceivedSpan(
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    Span.Types.SpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public static ReceivedSpan From(string scope, Span span) => new(
        scope,
        Convert.ToHexStringLower(span.TraceId.Span),
        Convert.ToHexStringLower(span.SpanId.Span),
        Convert.ToHexStringLower(span.ParentSpanId.Span),
        span.Name,
        span.Kind,

        // Only string values are decoded; other kinds arrive empty and are of no use to these tests.
        span.Attributes
            .Where(a => a.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
            .ToDictionary(a => a.Key, a => a.Value.StringValue, StringComparer.Ordinal));

    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

    // Short enough for a failure message listing every span the collector received.
    public override string ToString() => $"{TraceId}/{SpanId} {Scope} {Kind} '{Name}'";
}
