using System.Text.RegularExpressions;
using static GameOps.Grains.Jobs.JobLimits;
using GameOps.AgentProtocol;

namespace GameOps.Grains.Jobs;

/// <summary>The checks of a job against <see cref="JobLimits"/>, shared by the API's field validation and the grains' own checks.</summary>
public static partial class JobRules
{
    /// <summary>Server ids come from the agent's config file: short, lowercase, safe in URLs and logs.</summary>
    public static bool IsValidServerId(string? serverId) => serverId is not null && ServerIdPattern().IsMatch(serverId);

    public static bool IsValidArgumentName(string? name) => name is not null && ArgumentNamePattern().IsMatch(name);

    /// <summary>Every problem with the request, keyed by the field it concerns; empty when the request is valid.</summary>
    public static Dictionary<string, string[]> Validate(SubmitJob request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!IsValidServerId(request.ServerId))
        {
            errors["serverId"] = ["A server id is 1 to 64 characters: lowercase letters, digits, '-' and '_', starting with a letter or digit."];
        }

        if (!GameActions.All.Contains(request.Action ?? ""))
        {
            errors["action"] = [$"Unknown action '{request.Action}'. Known actions: {string.Join(", ", GameActions.All.Order(StringComparer.Ordinal))}."];
        }

        if (request.Arguments is null)
        {
            errors["arguments"] = ["Arguments must be an object of strings (it may be empty)."];
        }
        else if (request.Arguments.Count > MaxArguments)
        {
            errors["arguments"] = [$"At most {MaxArguments} arguments are allowed."];
        }
        else
        {
            foreach (var (name, value) in request.Arguments)
            {
                if (!IsValidArgumentName(name))
                {
                    errors[$"arguments.{name}"] = [$"An argument name is 1 to {MaxArgumentNameLength} characters: letters, digits, '-', '_' and '.'."];
                }
                else if (value is null || value.Length > MaxArgumentValueLength)
                {
                    errors[$"arguments.{name}"] = [$"An argument value is a string of at most {MaxArgumentValueLength} characters."];
                }
                else if (TextRules.HasControlCharacters(value))
                {
                    errors[$"arguments.{name}"] = ["An argument value may not contain control characters (line breaks included)."];
                }
            }
        }

        if (request.Timeout < MinTimeout || request.Timeout > MaxTimeout)
        {
            errors["timeoutSeconds"] = [$"The timeout must be between {MinTimeout.TotalSeconds:0} and {MaxTimeout.TotalSeconds:0} seconds."];
        }

        if (request.IdempotencyKey is { } key && (key.Length is 0 or > MaxIdempotencyKeyLength || TextRules.HasControlCharacters(key)))
        {
            errors["idempotencyKey"] = [$"An idempotency key is 1 to {MaxIdempotencyKeyLength} printable characters."];
        }

        return errors;
    }

    /// <summary>
    /// A typed result as stored: JSON of at most <see cref="MaxOutputLength"/> characters, or null. Anything else is
    /// dropped rather than stored, since the API writes it into responses as JSON.
    /// </summary>
    public static string? ValidData(string? json)
    {
        if (string.IsNullOrEmpty(json) || json.Length > MaxOutputLength)
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return json;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    internal static string? Truncate(string? text) =>
        text is { Length: > MaxOutputLength } ? text[..MaxOutputLength] : text;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex ServerIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ArgumentNamePattern();
}
