using System.Text;
using System.Text.RegularExpressions;

namespace Maildriver.Tests.Architecture;

/// <summary>
/// One C# source file as the namespace check reads it: its namespace, the types and extension methods it declares,
/// its using directives, and its code with comments and string literals blanked out (so a word in a comment or a
/// message is never taken for a reference).
/// </summary>
internal sealed partial class CSharpSource
{
    private CSharpSource(string path, string code)
    {
        Path = path;
        var usingLines = new List<string>();
        var body = new StringBuilder();
        foreach (var line in code.Split('\n'))
        {
            if (UsingDirective().Match(line) is { Success: true } u)
            {
                usingLines.Add(u.Groups["target"].Value);
                Usings.Add(new UsingDirective(u.Groups["target"].Value, u.Groups["static"].Success || u.Groups["alias"].Success, u.Groups["global"].Success));
            }
            else
            {
                body.Append(line).Append('\n');
            }
        }

        Body = body.ToString();
        Namespace = NamespaceDeclaration().Match(Body) is { Success: true } ns ? ns.Groups["name"].Value : "";
        // Only types a namespace holds: nested types (at a deeper brace level) are not visible by a using.
        var fileScoped = FileScopedNamespace().IsMatch(Body);
        foreach (Match m in TypeDeclaration().Matches(Body))
        {
            if (Depth(Body, m.Index) == (fileScoped ? 0 : 1))
            {
                DeclaredNames.Add(m.Groups["name"].Value);
            }
        }

        foreach (Match m in ExtensionMethod().Matches(Body))
        {
            DeclaredNames.Add(m.Groups["name"].Value);
        }

        foreach (Match m in Identifier().Matches(Body))
        {
            Identifiers.Add(m.Value);
        }
    }

    /// <summary>The file, relative to the checkout.</summary>
    public string Path { get; }

    /// <summary>The namespace it declares (its first, if it declares several); empty for the global namespace.</summary>
    public string Namespace { get; }

    /// <summary>Its using directives, in order; <see cref="NamespaceGraph"/> adds its project's global ones.</summary>
    public List<UsingDirective> Usings { get; } = [];

    /// <summary>The names of the types and extension methods it declares.</summary>
    public HashSet<string> DeclaredNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Every identifier its code mentions, using directives left out.</summary>
    public HashSet<string> Identifiers { get; } = new(StringComparer.Ordinal);

    /// <summary>Its code without using directives, comments or string contents.</summary>
    public string Body { get; }

    /// <summary>Reads <paramref name="file"/>; <paramref name="root"/> is the checkout its path is reported from.</summary>
    public static CSharpSource Read(string root, string file)
        => new(System.IO.Path.GetRelativePath(root, file), Blank(File.ReadAllText(file)));

    /// <summary>Dotted names in the code (<c>Storage.LieutenantRecord</c>, <c>global::Maildriver.Grains.Master.X</c>), as segments.</summary>
    public IEnumerable<string[]> QualifiedNames()
    {
        foreach (Match m in QualifiedName().Matches(Body))
        {
            yield return Regex.Replace(m.Value, @"\s+", "").Replace("global::", "", StringComparison.Ordinal).Split('.');
        }
    }

    // Comments and the contents of string and character literals become spaces; line breaks stay, so directives
    // remain one per line. Interpolation holes are blanked with their string: a namespace named only inside one is
    // not seen (none is today).
    private static string Blank(string text)
    {
        var s = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '/' && At(text, i + 1, '/'))
            {
                while (i < text.Length && text[i] != '\n')
                {
                    s.Append(' ');
                    i++;
                }
            }
            else if (c == '/' && At(text, i + 1, '*'))
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                AppendBlank(s, text, i, end);
                i = end;
            }
            else if (c == '"' && At(text, i + 1, '"') && At(text, i + 2, '"'))
            {
                var quotes = 0;
                while (At(text, i + quotes, '"'))
                {
                    quotes++;
                }

                var fence = new string('"', quotes);
                var end = text.IndexOf(fence, i + quotes, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + quotes;
                AppendBlank(s, text, i, end);
                i = end;
            }
            else if (c == '"' || c == '\'')
            {
                var verbatim = c == '"' && i > 0 && (text[i - 1] == '@' || (text[i - 1] == '$' && i > 1 && text[i - 2] == '@'));
                var end = i + 1;
                while (end < text.Length)
                {
                    if (!verbatim && text[end] == '\\')
                    {
                        end += 2;
                        continue;
                    }

                    if (text[end] == c)
                    {
                        if (verbatim && At(text, end + 1, '"'))
                        {
                            end += 2;
                            continue;
                        }

                        end++;
                        break;
                    }

                    if (!verbatim && text[end] == '\n')
                    {
                        break;
                    }

                    end++;
                }

                end = Math.Min(end, text.Length);
                AppendBlank(s, text, i, end);
                i = end;
            }
            else
            {
                s.Append(c);
                i++;
            }
        }

        return s.ToString();
    }

    private static int Depth(string code, int index)
    {
        var depth = 0;
        for (var i = 0; i < index; i++)
        {
            depth += code[i] switch { '{' => 1, '}' => -1, _ => 0 };
        }

        return depth;
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    private static void AppendBlank(StringBuilder s, string text, int from, int to)
    {
        for (var j = from; j < to; j++)
        {
            s.Append(text[j] == '\n' ? '\n' : ' ');
        }
    }

    [GeneratedRegex(@"^\s*(?<global>global\s+)?using\s+(?<static>static\s+)?(?:(?<alias>\w+)\s*=\s*)?(?<target>(?:global::)?[A-Za-z_][\w.]*)\s*;")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^\s*namespace\s+[\w.]+\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();

    [GeneratedRegex(@"^[ \t]*(?:(?:public|internal|private|protected|file|sealed|static|abstract|partial|readonly|ref|unsafe|new)\s+)*(?:(?:class|struct|interface|enum|record(?:\s+(?:struct|class))?)\s+(?<name>[A-Za-z_]\w*)|delegate\s+[\w<>\[\],.?\s]+?\s(?<name>[A-Za-z_]\w*)\s*[<(])", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bstatic\s+[\w<>\[\],.?\s]+?\s(?<name>[A-Za-z_]\w*)\s*(?:<[^>()]*>)?\s*\(\s*this\s")]
    private static partial Regex ExtensionMethod();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<![\w.])(?:global::)?[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)+")]
    private static partial Regex QualifiedName();
}

/// <summary>
/// A using directive: its target, whether it names a type (<c>using static</c>, an alias) rather than a namespace,
/// and whether it is global (it then applies to every file of its project).
/// </summary>
internal sealed record UsingDirective(string Target, bool NamesType, bool IsGlobal = false);
