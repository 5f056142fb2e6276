using System.Globalization;
using System.Text;
using Terminal.Gui.Text;

namespace Maildriver.Client.Reader;

/// <summary>
/// Text measured in terminal cells. Everything drawn goes through <see cref="Clean"/> first: a letter is the
/// sender's text, and a control character in it (an ESC above all) must show as a mark, never reach the terminal.
/// </summary>
internal static class Cells
{
    /// <summary>Shown in place of a control character.</summary>
    public const char ControlMark = '?';

    /// <summary>Shown where text was cut to fit.</summary>
    public const string Ellipsis = "…";

    /// <summary>One line of text safe to draw: tabs become spaces, line breaks and other control characters become <see cref="ControlMark"/>.</summary>
    public static string Clean(string text)
    {
        if (IsPlain(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }

            sb.Append(c switch
            {
                '\t' => ' ',
                _ when char.IsSurrogate(c) => '\uFFFD',
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => ControlMark,
                _ => c,
            });
        }

        return sb.ToString();
    }

    /// <summary>The width of clean text in cells (wide East Asian characters and most emoji take two).</summary>
    public static int Width(string text)
    {
        if (IsPlain(text))
        {
            return text.Length;
        }

        var width = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            width += ElementWidth(elements.GetTextElement());
        }

        return width;
    }

    /// <summary>At most <paramref name="width"/> cells of clean text, ending in "…" when it had to be cut.</summary>
    public static string Fit(string text, int width)
    {
        if (width <= 0)
        {
            return string.Empty;
        }

        if (Width(text) <= width)
        {
            return text;
        }

        return Take(text, width - 1) + Ellipsis;
    }

    /// <summary>Exactly <paramref name="width"/> cells: cut (without a mark) or padded with spaces.</summary>
    public static string Pad(string text, int width)
    {
        var cut = Take(text, width);
        var missing = width - Width(cut);
        return missing > 0 ? cut + new string(' ', missing) : cut;
    }

    /// <summary>The longest start of <paramref name="text"/> that fits in <paramref name="width"/> cells.</summary>
    public static string Take(string text, int width)
    {
        if (width <= 0)
        {
            return string.Empty;
        }

        if (IsPlain(text))
        {
            return text.Length <= width ? text : text[..width];
        }

        var used = 0;
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var w = ElementWidth(element);
            if (used + w > width)
            {
                break;
            }

            used += w;
            end = elements.ElementIndex + element.Length;
        }

        return text[..end];
    }

    /// <summary>Splits clean text into its grapheme clusters with their widths.</summary>
    public static IEnumerable<(string Element, int Width)> Elements(string text)
    {
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            yield return (element, ElementWidth(element));
        }
    }

    private static int ElementWidth(string element)
    {
        // A cluster is as wide as its first character; combining marks and joiners after it take no cell of their own.
        Rune.DecodeFromUtf16(element, out var first, out _);
        return Math.Max(0, first.GetColumns());
    }

    private static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
