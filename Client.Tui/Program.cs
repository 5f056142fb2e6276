namespace Maildriver.Client; internal static class Program { private static int Main() => 0; }
