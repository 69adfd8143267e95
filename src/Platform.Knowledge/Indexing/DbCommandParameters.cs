using System.Data.Common;

namespace Platform.Knowledge.Indexing;

/// <summary>Parameters for the raw FTS5 statements, which EF Core cannot express (MATCH over virtual tables, rowid probes).</summary>
internal static class DbCommandParameters
{
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
