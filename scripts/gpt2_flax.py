"""The GPT-2-shaped Flax model that `examples/models/gpt2.rs` mirrors (`setup` names), shared by
`bench_vs_jax.py` and `compare_checkpoint.py`. The defaults are GPT-2 small (124M params)."""

import flax.linen as nn
import jax.numpy as jnp


class Block(nn.Module):
    """Attention-shaped and MLP projections with layer norms (the shapes of a GPT-2 block)."""

    width: int

    def setup(self):
        self.ln_1 = nn.LayerNorm()
        self.c_attn = nn.Dense(3 * self.width)
        self.attn_proj = nn.Dense(self.width)
        self.ln_2 = nn.LayerNorm()
        self.c_fc = nn.Dense(4 * self.width)
        self.mlp_proj = nn.Dense(self.width)

    def __call__(self, x):
        x = x + self.attn_proj(self.c_attn(self.ln_1(x))[..., : self.width])
        return x + self.mlp_proj(self.c_fc(self.ln_2(x)))


class Gpt2(nn.Module):
    vocab: int = 50257
    positions: int = 1024
    width: int = 768
    depth: int = 12

    def setup(self):
        self.wte = nn.Embed(self.vocab, self.width)
        self.wpe = nn.Embed(self.positions, self.width)
        self.h = [Block(self.width) for _ in range(self.depth)]
        self.ln_f = nn.LayerNorm()

    def __call__(self, tokens):
        x = self.wte(tokens) + self.wpe(jnp.arange(tokens.shape[-1]))
        for block in self.h:
            x = block(x)
        return self.ln_f(x)
