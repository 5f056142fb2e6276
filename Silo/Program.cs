namespace Maildriver.Silo; internal static class Program { private static int Main() => 0; }
