using System.Globalization;

namespace GameOps.Silo.Api;

/// <summary>
/// Reads query-string values by the rules JSON bodies keep: whole numbers in decimal digits, enum values by name
/// (case-insensitive, never by number). A value that does not read becomes the endpoint's field error rather than a
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
}
