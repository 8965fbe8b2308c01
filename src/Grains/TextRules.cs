namespace GameOps.Grains;

/// <summary>
/// The rules every piece of text sent to GameOps keeps, shared by the API's field validation and the grains' own
/// checks: no control characters (line breaks and terminal escapes included), since each string ends up in a log
/// line, a game console or a chat message.
/// </summary>
public static class TextRules
{
    public static bool HasControlCharacters(string text) => text.Any(char.IsControl);

    /// <summary>The problem with the name a person gives a <paramref name="subject"/> ("host", "rule"), or null when it is fine.</summary>
    public static string? ValidateName(string? name, string subject, int maxLength) => name switch
    {
        null or { Length: 0 } => $"A {subject} needs a name.",
        _ when name.Length > maxLength => $"A {subject} name is at most {maxLength} characters.",
        _ when string.IsNullOrWhiteSpace(name) => $"A {subject} name cannot be only spaces.",
        _ when HasControlCharacters(name) => $"A {subject} name cannot contain control characters.",
        _ => null,
    };
}
