namespace Platform.Inference.Embeddings;

/// <summary>How a text's token states become one vector, as the encoder was trained.</summary>
public enum EmbeddingPooling
{
    /// <summary>The graph gives <c>sentence_embedding</c> itself.</summary>
    Graph,

    /// <summary>The mean of the real tokens' <c>last_hidden_state</c> (sentence-transformers' MiniLM, our support-embed).</summary>
    Mean,

    /// <summary>The first token's state (<c>[CLS]</c>; Snowflake's arctic-embed).</summary>
    Cls,
}
