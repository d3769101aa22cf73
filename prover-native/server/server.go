// Package server implements the lethe.v1.Prover gRPC service (proto/prover.proto).
package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"lethe.io/prover-native/circuits"
	"lethe.io/prover-native/engine"
	pb "lethe.io/prover-native/gen/lethev1"
)

// MaxWitnessBytes bounds one ProveRequest (also set as the gRPC receive limit).
const MaxWitnessBytes = 512 << 20

type Server struct {
	pb.UnimplementedProverServer
	Store    *engine.Store
	DevSetup bool // create missing keys with the INSECURE single-party setup
	proving  sync.Mutex
	setupMu  sync.Mutex
}

func kindOf(c pb.Circuit) (string, error) {
	switch c {
	case pb.Circuit_CIRCUIT_OBS_UNLEARNING:
		return engine.KindObs, nil
	case pb.Circuit_CIRCUIT_CASCADE_STEP:
		return engine.KindCascade, nil
	}
	return "", status.Errorf(codes.InvalidArgument, "unknown circuit %v", c)
}

func circuitOf(keyID string) pb.Circuit {
	if len(keyID) > 3 && keyID[:3] == "obs" {
		return pb.Circuit_CIRCUIT_OBS_UNLEARNING
	}
	return pb.Circuit_CIRCUIT_CASCADE_STEP
}

func (s *Server) keys(id string) (*engine.Keys, error) {
	k, err := s.Store.Load(id)
	if err == nil || !errors.Is(err, engine.ErrNoKey) || !s.DevSetup {
		if err != nil {
			return nil, status.Error(codes.FailedPrecondition, err.Error())
		}
		return k, nil
	}
	s.setupMu.Lock()
	defer s.setupMu.Unlock()
	if k, err := s.Store.Load(id); err == nil {
		return k, nil
	}
	log.Printf("INSECURE dev setup for %s", id)
	k, err = engine.DevSetup(id)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if _, err := s.Store.Install(k, "insecure-dev-setup"); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return k, nil
}

func (s *Server) Prove(req *pb.ProveRequest, stream pb.Prover_ProveServer) error {
	if len(req.Witness) > MaxWitnessBytes {
		return status.Errorf(codes.ResourceExhausted, "witness %d bytes above limit %d", len(req.Witness), MaxWitnessBytes)
	}
	kind, err := kindOf(req.Circuit)
	if err != nil {
		return err
	}
	st, err := engine.Decode(kind, req.Witness)
	if err != nil {
		return status.Error(codes.InvalidArgument, err.Error())
	}
	if req.KeyId != "" && req.KeyId != st.KeyID() {
		return status.Errorf(codes.InvalidArgument, "key_id %q does not match the witness shape %q", req.KeyId, st.KeyID())
	}
	ctx := stream.Context()
	send := func(stage string, frac float64) {
		_ = stream.Send(&pb.ProveEvent{Event: &pb.ProveEvent_Progress{Progress: &pb.Progress{Stage: stage, Fraction: frac}}})
	}
	send("queued", 0)
	s.proving.Lock() // one proof at a time: proving uses every core
	defer s.proving.Unlock()
	if ctx.Err() != nil {
		return status.FromContextError(ctx.Err()).Err()
	}
	send("keys", 0.01)
	k, err := s.keys(st.KeyID())
	if err != nil {
		return err
	}
	type out struct {
		res *engine.Result
		err error
	}
	done := make(chan out, 1)
	progress := make(chan [2]any, 8)
	go func() {
		res, err := engine.Prove(k, st, func(stage string, f float64) {
			select {
			case progress <- [2]any{stage, f}:
			default:
			}
		})
		done <- out{res, err}
	}()
	for {
		select {
		case <-ctx.Done():
			// the proving goroutine finishes in the background; its result is dropped
			return status.FromContextError(ctx.Err()).Err()
		case p := <-progress:
			send(p[0].(string), p[1].(float64))
		case o := <-done:
			if o.err != nil {
				return stream.Send(&pb.ProveEvent{Event: &pb.ProveEvent_Problem{Problem: &pb.Problem{Code: "UNSATISFIED", Message: o.err.Error()}}})
			}
			vkBytes := engine.VKBytes(k.VK)
			sum := sha256.Sum256(vkBytes)
			r := &pb.ProofResult{Proof: o.res.Proof, KeyId: k.ID, ProveMillis: o.res.ProveMs, WitnessMillis: o.res.WitnessMs,
				Constraints: uint64(o.res.Constraints), VkSha256: sum[:]}
			if req.IncludeVk {
				r.Vk = vkBytes
			}
			for _, e := range o.res.Public {
				b := e.Bytes()
				r.PublicInputs = append(r.PublicInputs, b[:])
			}
			return stream.Send(&pb.ProveEvent{Event: &pb.ProveEvent_Result{Result: r}})
		}
	}
}

// ParsePublic decodes 32-byte big-endian field elements, rejecting non-canonical ones.
func ParsePublic(in [][]byte) ([]fr.Element, error) {
	out := make([]fr.Element, len(in))
	for i, b := range in {
		if len(b) != fr.Bytes {
			return nil, fmt.Errorf("public input %d: %d bytes, want 32", i, len(b))
		}
		if err := out[i].SetBytesCanonical(b); err != nil {
			return nil, fmt.Errorf("public input %d: %w", i, err)
		}
	}
	return out, nil
}

func (s *Server) Verify(_ context.Context, req *pb.VerifyRequest) (*pb.VerifyResponse, error) {
	k, err := s.Store.Load(req.KeyId)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	pub, err := ParsePublic(req.PublicInputs)
	if err != nil {
		return &pb.VerifyResponse{Valid: false, Reason: err.Error()}, nil
	}
	if err := engine.Verify(k.VK, req.Proof, pub); err != nil {
		return &pb.VerifyResponse{Valid: false, Reason: err.Error()}, nil
	}
	return &pb.VerifyResponse{Valid: true, Reason: "ok"}, nil
}

func info(m *engine.Meta) *pb.KeyInfo {
	h, _ := hex.DecodeString(m.VKSha256)
	return &pb.KeyInfo{KeyId: m.KeyID, Circuit: circuitOf(m.KeyID), VkSha256: h, Constraints: uint64(m.Constraints), Setup: m.Setup}
}

func (s *Server) ListKeys(context.Context, *pb.ListKeysRequest) (*pb.ListKeysResponse, error) {
	resp := &pb.ListKeysResponse{}
	for _, m := range s.Store.List() {
		resp.Keys = append(resp.Keys, info(m))
	}
	return resp, nil
}

func (s *Server) GetKey(_ context.Context, req *pb.GetKeyRequest) (*pb.GetKeyResponse, error) {
	k, err := s.Store.Load(req.KeyId)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	m, err := s.Store.Meta(req.KeyId)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &pb.GetKeyResponse{Info: info(m), Vk: engine.VKBytes(k.VK)}, nil
}

// MaxSampleValues bounds SampleObsInstance (params·(pruned+3) numbers) so that its JSON answer
// fits the Java client's 64 MiB message limit.
const MaxSampleValues = 1 << 22

// SampleObsInstance draws the demo and benchmark OBS instance of a shape and seed.
func (s *Server) SampleObsInstance(_ context.Context, req *pb.SampleObsInstanceRequest) (*pb.SampleObsInstanceResponse, error) {
	sh := req.GetShape()
	if uint64(sh.GetParams())*(uint64(sh.GetPruned())+3) > MaxSampleValues {
		return nil, status.Errorf(codes.InvalidArgument, "shape %v above the sampling limit of %d values", sh, MaxSampleValues)
	}
	shape := circuits.ObsShape{Params: int(sh.GetParams()), Block: int(sh.GetBlock()), Pruned: int(sh.GetPruned())}
	in, err := circuits.SampleObs(shape, req.Seed)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	w, err := json.Marshal(in)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &pb.SampleObsInstanceResponse{Witness: w, KeyId: shape.KeyID()}, nil
}
