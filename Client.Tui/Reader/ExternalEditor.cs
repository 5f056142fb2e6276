using System.ComponentModel;
using System.Diagnostics;

namespace Maildriver.Client.Reader;

/// <summary>
/// Runs $VISUAL, else $EDITOR, else vi, on a temporary file only the user can read, the way git does: through
/// <c>sh -c '$EDITOR "$1"'</c>, so an editor given with options ("code --wait") works.
/// </summary>
internal sealed class ExternalEditor : ITextEditor
{
    private const string Command = "${VISUAL:-${EDITOR:-vi}} \"$1\"";

    // The editor gets plain UTF-8: a byte-order mark would show up as a stray character at the top of the body.
    private static readonly System.Text.UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<string> EditAsync(string text, CancellationToken cancellation)
    {
        var path = Path.Combine(Path.GetTempPath(), $"maildriver-{Guid.NewGuid():N}.txt");
        try
        {
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // A letter is private: the file is the user's alone from the moment it exists.
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var file = new StreamWriter(path, Utf8NoBom, create))
            {
                await file.WriteAsync(text);
            }

            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            foreach (var argument in (string[])["-c", Command, "maildriver-editor", path])
            {
                info.ArgumentList.Add(argument);
            }

            using var editor = Process.Start(info) ?? throw new EditorException("the editor did not start");
            await editor.WaitForExitAsync(cancellation);
            if (editor.ExitCode != 0)
            {
                throw new EditorException($"the editor exited with code {editor.ExitCode}; the body is as it was");
            }

            return await File.ReadAllTextAsync(path, cancellation);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Win32Exception)
        {
            throw new EditorException(ex.Message, ex);
        }
        finally
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Left in the temporary folder; the system cleans it.
            }
        }
    }
}
