using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GameOps.Silo.Api;

/// <summary>
/// Words System.Text.Json's refusal of a request body as the API's per-field errors: the field's path as the API
/// spells it (<c>timeoutSeconds</c>, <c>arguments.message</c>) and what JSON it takes (a string, a whole number, one of
/// the names), never a .NET type.
/// </summary>
public static class RequestBodyErrors
{
    /// <summary>The errors for <paramref name="exception"/> by field, or null when the body is not even a JSON object of <paramref name="bodyType"/>.</summary>
    public static Dictionary<string, string[]>? From(JsonException exception, Type bodyType, JsonSerializerOptions options)
    {
        var path = Segments(exception.Path);
        if (path is null or [])
        {
            return null;
        }

        var field = string.Join('.', path);
        var type = options.GetTypeInfo(bodyType);
        foreach (var segment in path)
        {
            var next = type.Kind switch
            {
                JsonTypeInfoKind.Object => type.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, NameComparison(options)))?.PropertyType,
                JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Enumerable => type.ElementType,
                _ => null,
            };
            if (next is null)
            {
                var fields = string.Join(", ", type.Properties.Select(p => p.Name));
                return new() { [field] = [fields.Length > 0 ? $"{field} is not a field here; the fields are: {fields}." : $"{field} is not a field here."] };
            }

            type = options.GetTypeInfo(next);
        }

        return new() { [field] = [$"{field} must be {Describe(type.Type, options)}."] };
    }

    private static StringComparison NameComparison(JsonSerializerOptions options) =>
        options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static string Describe(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type.IsEnum)
        {
            return $"one of: {string.Join(", ", Enum.GetNames(type))}";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong))
        {
            return "a whole number";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "a number";
        }

        if (type == typeof(Guid))
        {
            return "a UUID string";
        }

        var info = options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Dictionary => $"an object whose every value is {Describe(info.ElementType!, options)}",
            JsonTypeInfoKind.Enumerable => "an array",
            _ => "an object",
        };
    }

    /// <summary>
    /// The property names in a JSON path as System.Text.Json writes it (<c>$.a.b</c>, <c>$.a['b.c']</c>, <c>$.a[0]</c>),
    /// or null when it is not one.
    /// </summary>
    private static List<string>? Segments(string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var segments = new List<string>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return null;
                }

                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i + 1);
                if (end < 0)
                {
                    return null;
                }

                segments.Add(path[(i + 1)..end]);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return segments;
    }
}
