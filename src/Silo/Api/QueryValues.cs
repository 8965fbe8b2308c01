using System.Globalization;

namespace GameOps.Silo.Api;

/// <summary>
/// Reads query-string values by the rules JSON bodies keep: whole numbers in decimal digits, enum values by name
/// (case-insensitive, never by number), times in ISO 8601 with a date and a time. A value that does not read becomes the endpoint's field error rather than a
/// binding failure, whose message would name .NET types. Absent or empty reads as null.
/// </summary>
public static class QueryValues
{
    public static bool TryReadWholeNumber(string? text, out int? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    public static bool TryReadName<TEnum>(string? text, out TEnum? value)
        where TEnum : struct, Enum
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var name = Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (name is null)
        {
            return false;
        }

        value = Enum.Parse<TEnum>(name);
        return true;
    }

    public static bool TryReadTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        // A date alone would read as midnight somewhere; the caller says which instant it means.
        if (!text.Contains('T', StringComparison.Ordinal)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }

        value = time;
        return true;
    }

    /// <summary>Reads <c>from</c> and <c>to</c> of a listing, adding a field error for each bad one and for a range that ends before it starts.</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) ReadTimeRange(string? from, string? to, Dictionary<string, string[]> errors)
    {
        var start = ReadTime(from, "from", errors);
        var end = ReadTime(to, "to", errors);
        if (start is { } first && end is { } last && last <= first)
        {
            errors["to"] = ["to must be later than from."];
        }

        return (start, end);
    }

    private static DateTimeOffset? ReadTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (TryReadTime(text, out var time))
        {
            return time;
        }

        errors[field] = [$"{field} is a time in ISO 8601 with a date and a time, e.g. 2026-01-31T18:00:00Z."];
        return null;
    }
}
