using System.Text.RegularExpressions;
using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Server;

/// <summary>The rules for user and list names: lowercase letters, digits, dot, dash and underscore, 1 to 64 characters.</summary>
public static partial class Names
{
    /// <summary>Throws <see cref="RequestRefusedException"/> naming <paramref name="what"/> if <paramref name="name"/> breaks the rules.</summary>
    public static string Check(string? name, string what)
    {
        if (string.IsNullOrEmpty(name) || !Pattern().IsMatch(name))
        {
            throw new RequestRefusedException($"bad {what} name '{name}': use 1-64 lowercase letters, digits, '.', '-' or '_', starting with a letter or digit");
        }

        return name;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
