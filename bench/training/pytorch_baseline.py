"""PyTorch CPU baseline for bench/training: the same network, optimiser, batch order policy and
data as the TensorFlow.js run, timed the same way (training steps only, validation excluded).

Reads a float32 file of [n, 512] features followed by n targets; prints one JSON line per
configuration. Run by bench/training/run.ts with Debian's python3-torch (/usr/bin/python3).
"""
import json
import sys
import time

import numpy as np
import torch


def main() -> None:
    path, n, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    batch_sizes = [int(b) for b in sys.argv[4].split(",")]
    threads = [int(t) for t in sys.argv[5].split(",")]
    raw = np.fromfile(path, dtype=np.float32)
    x_all = torch.from_numpy(raw[: n * 512].reshape(n, 512).copy())
    y_all = torch.from_numpy(raw[n * 512 : n * 512 + n].reshape(n, 1).copy())
    # The same split as the TensorFlow.js side: the first 85% train, the rest validate.
    n_train = int(n * 0.85)
    x, y = x_all[:n_train], y_all[:n_train]
    x_val, y_val = x_all[n_train:], y_all[n_train:]
    for t in threads:
        torch.set_num_threads(t)
        for batch in batch_sizes:
            torch.manual_seed(42)
            model = torch.nn.Sequential(
                torch.nn.Linear(512, 256), torch.nn.ReLU(),
                torch.nn.Linear(256, 128), torch.nn.ReLU(),
                torch.nn.Linear(128, 64), torch.nn.ReLU(),
                torch.nn.Linear(64, 1),
            )
            opt = torch.optim.Adam(model.parameters(), lr=0.001)
            loss_fn = torch.nn.MSELoss()
            gen = torch.Generator().manual_seed(42)
            # One warm-up epoch, untimed, as the TF.js side also compiles and warms up.
            for timed_run in (False, True):
                steps = 0
                best_val = float("inf")
                seconds = 0.0
                for _ in range(epochs if timed_run else 1):
                    start = time.perf_counter()
                    order = torch.randperm(n_train, generator=gen)
                    for i in range(0, n_train, batch):
                        idx = order[i : i + batch]
                        opt.zero_grad()
                        loss = loss_fn(model(x[idx]), y[idx])
                        loss.backward()
                        opt.step()
                        steps += 1
                    seconds += time.perf_counter() - start
                    # Validation after each epoch, untimed, as the TF.js trainer's is timed apart.
                    with torch.no_grad():
                        best_val = min(best_val, float(loss_fn(model(x_val), y_val).item()))
            print(json.dumps({
                "framework": "pytorch", "threads": t, "batch": batch,
                "samples_per_second": epochs * n_train / seconds, "seconds": seconds,
                "validation_mse": best_val, "torch": torch.__version__,
            }), flush=True)


if __name__ == "__main__":
    main()
